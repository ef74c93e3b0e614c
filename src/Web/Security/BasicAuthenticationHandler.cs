using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PiranhaNet.Web.Security;

/// <summary>HTTP Basic authentication for API clients (scripts, curl) with a user's name and password; kept for compatibility (tokens are better).</summary>
public sealed class BasicAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    UserAccounts accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "Basic";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return AuthenticateResult.NoResult();
        }
        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("malformed Basic credentials");
        }
        var colon = credentials.IndexOf(':');
        if (colon < 0)
        {
            return AuthenticateResult.Fail("malformed Basic credentials");
        }
        var userName = credentials[..colon];
        var client = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await accounts.VerifyApiCredentialsAsync(userName, credentials[(colon + 1)..], client, Context.RequestAborted) is not { } user)
        {
            return AuthenticateResult.Fail("invalid credentials");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(UserPrincipals.For(user, SchemeName), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"PiranhaNet\", charset=\"UTF-8\"";
        return base.HandleChallengeAsync(properties);
    }
}
