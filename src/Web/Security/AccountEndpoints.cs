using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace PiranhaNet.Web.Security;

/// <summary>
/// The form posts of the static login, first-run and change-password pages. They run outside the Blazor
/// circuit because only an HTTP response can set the session cookie. Antiforgery-checked.
/// </summary>
public static class AccountEndpoints
{
    /// <summary>Maps <c>/account/login</c>, <c>/account/setup</c>, <c>/account/password</c> and <c>/account/logout</c>.</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The browser's forms, not the API: left out of the OpenAPI document.
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", LoginAsync).AllowAnonymous();
        account.MapPost("/setup", SetUpAsync).AllowAnonymous();
        account.MapPost("/password", ChangePasswordAsync);
        // A cast to Delegate: the method also fits RequestDelegate, which would discard the redirect.
        account.MapPost("/logout", (Delegate)LogoutAsync);
    }

    private static async Task<IResult> LoginAsync([FromForm] string userName, [FromForm] string password, [FromForm] string? returnUrl,
        HttpContext http, UserAccounts accounts)
    {
        var (outcome, wait, user) = await accounts.LoginAsync(userName, password, Client(http), http.RequestAborted);
        return outcome switch
        {
            UserAccounts.LoginOutcome.Success => await SignInAsync(http, accounts, user!.Name, LocalOrRoot(returnUrl)),
            UserAccounts.LoginOutcome.NotSetUp => Results.LocalRedirect("/setup"),
            UserAccounts.LoginOutcome.Throttled => Results.LocalRedirect($"/login?error=throttled&retry={Math.Ceiling(wait.TotalSeconds)}"),
            _ => Results.LocalRedirect($"/login?error=invalid&returnUrl={Uri.EscapeDataString(LocalOrRoot(returnUrl))}"),
        };
    }

    private static async Task<IResult> SetUpAsync([FromForm] string userName, [FromForm] string password, [FromForm] string confirmation,
        HttpContext http, UserAccounts accounts)
    {
        var problem = await accounts.SetUpAsync(userName, password, confirmation, http.RequestAborted);
        return problem is null
            ? await SignInAsync(http, accounts, userName, "/")
            : Results.LocalRedirect($"/setup?error={Uri.EscapeDataString(problem)}");
    }

    private static async Task<IResult> ChangePasswordAsync([FromForm] string currentPassword, [FromForm] string password, [FromForm] string confirmation,
        HttpContext http, UserAccounts accounts, Data.AuditStore audit)
    {
        var problem = await accounts.ChangeOwnPasswordAsync(http.User.Identity!.Name!, currentPassword, password, confirmation, Client(http), http.RequestAborted);
        await audit.RecordAsync(Actor.Of(http.User, Client(http)), AuditActions.ChangeOwnPassword, http.User.Identity!.Name!,
            problem is null ? Data.AuditStore.Outcome.Ok : Data.AuditStore.Outcome.Failed, problem ?? "", http.RequestAborted);
        if (problem is not null)
        {
            return Results.LocalRedirect($"/account/password?error={Uri.EscapeDataString(problem)}");
        }
        // The old session's stamp is now stale; a fresh cookie keeps this browser signed in.
        return await SignInAsync(http, accounts, http.User.Identity!.Name!, "/account/password?changed=1");
    }

    private static async Task<IResult> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/login?signedOut=1");
    }

    private static async Task<IResult> SignInAsync(HttpContext http, UserAccounts accounts, string userName, string returnUrl)
    {
        // Read again: the stamp is the one of the password just checked or set.
        var user = await accounts.GetAsync(userName, http.RequestAborted) ?? throw new InvalidOperationException($"user '{userName}' vanished while signing in");
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserPrincipals.For(user, CookieAuthenticationDefaults.AuthenticationScheme));
        return Results.LocalRedirect(returnUrl);
    }

    // Only paths on this site: an attacker's link must not turn the login into a redirect elsewhere.
    private static string LocalOrRoot(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

    /// <summary>The client's address, as the throttle and the log know it.</summary>
    public static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
