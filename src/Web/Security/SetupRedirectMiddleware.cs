namespace PiranhaNet.Web.Security;

/// <summary>
/// Until a user exists, sends every page request to the first-run setup page, and answers API
/// requests with 503 saying so. Static files, the setup itself, the agent channel and the metrics pass through.
/// </summary>
public sealed class SetupRedirectMiddleware(RequestDelegate next)
{
    // Agents authenticate with their own tokens, so the channel is never redirected; a scraper reads the metrics by its
    // address (or gets 401), and a dashboard not set up yet has figures too (its directors may be running).
    private static readonly string[] s_alwaysAllowed =
        ["/setup", "/account/setup", "/_framework", "/_content", "/css", "/js", "/favicon", Core.Protocol.AgentProtocol.Path, Metrics.MetricsEndpoint.Path];

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context, UserAccounts accounts)
    {
        var path = context.Request.Path;
        if (s_alwaysAllowed.Any(p => path.StartsWithSegments(p)) || await accounts.IsSetUpAsync(context.RequestAborted))
        {
            await next(context);
            return;
        }
        if (path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not set up",
                detail: "no administrator exists yet: open the dashboard for first-run setup, or run 'piranhanet passwd'").ExecuteAsync(context);
            return;
        }
        context.Response.Redirect("/setup");
    }
}
