using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace PiranhaNet.Web.Security;

/// <summary>Authentication (cookie for the browser, Basic for API clients) and the rule that everything needs it.</summary>
public static class SecurityServiceCollectionExtensions
{
    private const string SelectorScheme = "PiranhaNet";

    /// <summary>Adds the administrator account services, both schemes and a fallback policy requiring a signed-in user.</summary>
    public static IServiceCollection AddPiranhaSecurity(this IServiceCollection services, int passwordIterations = PasswordHasher.DefaultIterations)
    {
        services.AddPiranhaAccounts(passwordIterations);
        services.AddAuthentication(SelectorScheme)
            // Requests carrying Basic credentials (API clients) use them; everything else uses the session cookie.
            .AddPolicyScheme(SelectorScheme, "cookie or Basic", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
                    ? BasicAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.Cookie.Name = "piranhanet";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.LoginPath = "/login";
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = RejectSessionsOfOldPasswords;
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        return services;
    }

    // The API answers 401/403 with a problem instead of redirecting to the login page.
    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"PiranhaNet\", charset=\"UTF-8\"";
        return Results.Problem(statusCode: status, title: status == 401 ? "Sign-in required" : "Forbidden",
            detail: "use the dashboard's session or HTTP Basic authentication with the administrator's credentials").ExecuteAsync(context.HttpContext);
    }

    // A password change signs out every session opened with the old password.
    private static async Task RejectSessionsOfOldPasswords(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AdminAccounts>();
        var account = await accounts.GetAsync(context.HttpContext.RequestAborted);
        var stamp = context.Principal?.FindFirstValue(AdminAccounts.PasswordStampClaim);
        if (account is null || stamp != AdminAccounts.Stamp(account))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>The administrator account services alone (hashing, throttling, the accounts), also what the command line needs.</summary>
    public static IServiceCollection AddPiranhaAccounts(this IServiceCollection services, int passwordIterations = PasswordHasher.DefaultIterations) =>
        services.AddSingleton(new PasswordHasher(passwordIterations))
            .AddSingleton<LoginThrottle>()
            .AddSingleton<AdminAccounts>();
}
