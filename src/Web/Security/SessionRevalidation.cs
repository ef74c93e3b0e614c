using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace PiranhaNet.Web.Security;

/// <summary>
/// Re-checks an open Blazor session against the store every few seconds: a user deleted, disabled or whose password
/// changed loses the page (the router sends them to sign in). Each action a page takes checks the user as stored at
/// that moment as well (<see cref="Components.Pages.DashboardPageBase"/>), so nothing waits for this interval.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory, UserAccounts accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <inheritdoc />
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.Identity?.Name is not { } name)
        {
            return false;
        }
        var user = await accounts.GetAsync(name, cancellationToken);
        // A changed role keeps the session: actions check the role as it is now.
        return UserPrincipals.StillValid(principal, user);
    }
}
