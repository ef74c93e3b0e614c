using System.Net;

namespace PiranhaNet.Web.Metrics;

/// <summary>
/// <c>GET /metrics</c>: the Prometheus text exposition of <see cref="DashboardMetrics"/>, for a scraper whose address
/// is allowed (<see cref="WebOptions.MetricsAllow"/>, loopback by default) or for anyone signed in (the dashboard's
/// session, an API token such as a viewer's, or HTTP Basic, as the API takes).
/// </summary>
public static class MetricsEndpoint
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    /// <summary>Maps <see cref="Path"/>.</summary>
    public static void MapPiranhaMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, async (HttpContext http, DashboardMetrics metrics, WebOptions options) =>
        {
            if (!Allowed(http, options))
            {
                http.Response.StatusCode = http.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"PiranhaNet\", charset=\"UTF-8\"";
                return;
            }
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
        }).AllowAnonymous().ExcludeFromDescription();

    /// <summary>Counts every API request by the status it was answered with (outside the error handler, so errors count too).</summary>
    public static IApplicationBuilder UseApiRequestCounting(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            finally
            {
                http.RequestServices.GetRequiredService<DashboardMetrics>().CountApiRequest(http.Response.StatusCode);
            }
        }));

    private static bool Allowed(HttpContext http, WebOptions options) =>
        http.User.Identity?.IsAuthenticated == true
        || http.Connection.RemoteIpAddress is { } address && options.MetricsAllow.Any(network => network.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
}
