using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PiranhaNet.Web.Security;

/// <summary>
/// <c>Authorization: Bearer pnt_...</c>: a personal API token (<see cref="ApiTokens"/>) acting for its owner with the
/// token's role. Why a token was refused is logged (never the token); the client hears only 401.
/// </summary>
public sealed partial class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "Bearer";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The agent channel carries a director's enrolment token the same way; the channel checks it itself.
        if (Request.Path.StartsWithSegments(Core.Protocol.AgentProtocol.Path))
        {
            return AuthenticateResult.NoResult();
        }
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(header.Parameter))
        {
            return AuthenticateResult.NoResult();
        }
        var (token, why) = await tokens.AuthenticateAsync(header.Parameter, Context.RequestAborted);
        if (token is null)
        {
            LogRefused(Logger, why!, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return AuthenticateResult.Fail("invalid token");
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, token.Owner.Name),
                new Claim(ClaimTypes.Role, token.Role),
                new Claim(Actor.TokenClaim, token.Token.Name),
            ],
            SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"PiranhaNet\"";
        return base.HandleChallengeAsync(properties);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API token refused from {Client}: {Why}")]
    private static partial void LogRefused(ILogger logger, string why, string client);
}
