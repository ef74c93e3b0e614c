using System.Security.Claims;

namespace PiranhaNet.Web.Security;

/// <summary>Who does something, as the audit records it: the user, how they signed in, and from which address.</summary>
/// <param name="Name">The user's name (recorded as the author of versions); <c>cli:NAME</c> for the command line.</param>
/// <param name="Via"><c>session</c> (the dashboard's pages), <c>basic</c>, <c>token NAME</c> or <c>cli</c>.</param>
/// <param name="Address">The client's address; empty for the command line.</param>
public sealed record Actor(string Name, string Via, string Address)
{
    /// <summary>The claim a token's principal carries with the token's name.</summary>
    public const string TokenClaim = "piranhanet:token";

    /// <summary>The actor of a request or a page signed in as <paramref name="principal"/> from <paramref name="address"/>.</summary>
    public static Actor Of(ClaimsPrincipal principal, string? address) => new(
        principal.Identity?.Name ?? "anonymous",
        principal.FindFirstValue(TokenClaim) is { } token ? $"token {token}"
            : principal.Identity?.AuthenticationType == BasicAuthenticationHandler.SchemeName ? "basic"
            : principal.Identity?.IsAuthenticated == true ? "session" : "anonymous",
        address ?? "");

    /// <summary>The command line, run by the operating-system user <paramref name="userName"/>.</summary>
    public static Actor CommandLine(string userName) => new($"cli:{userName}", "cli", "");
}
