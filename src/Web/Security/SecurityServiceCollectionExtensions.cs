using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace PiranhaNet.Web.Security;

/// <summary>
/// Authentication (cookie for the browser, Basic for API clients) and authorization by role: one policy per role,
/// named as the role (<c>RequireAuthorization(Roles.Operator)</c>), and a fallback that needs a signed-in user of any role.
/// </summary>
public static class SecurityServiceCollectionExtensions
{
    private const string SelectorScheme = "PiranhaNet";

    /// <summary>Adds the user account services, both schemes, the role policies and the live revalidation of Blazor sessions.</summary>
    public static IServiceCollection AddPiranhaSecurity(this IServiceCollection services, int passwordIterations = PasswordHasher.DefaultIterations)
    {
        services.AddPiranhaAccounts(passwordIterations);
        services.AddAuthentication(SelectorScheme)
            // Requests carrying a token or Basic credentials (API clients) use them; everything else uses the session cookie.
            .AddPolicyScheme(SelectorScheme, "cookie, token or Basic", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString() switch
                {
                    var h when h.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) => BearerTokenHandler.SchemeName,
                    var h when h.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) => BasicAuthenticationHandler.SchemeName,
                    _ => CookieAuthenticationDefaults.AuthenticationScheme,
                })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
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
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        var authorization = services.AddAuthorizationBuilder();
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(role)));
        }
        authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.Viewer)).Build());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
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
            detail: status == 401
                ? "use the dashboard's session, an API token (Authorization: Bearer) or HTTP Basic authentication with a user's credentials"
                : "your role does not allow this").ExecuteAsync(context.HttpContext);
    }

    // On every request: a deleted or disabled user, or a password change, signs the session out; a changed role is
    // taken into the session (and its cookie renewed) so the user's next request has the role they have now.
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<UserAccounts>();
        var principal = context.Principal;
        var user = principal?.Identity?.Name is { } name ? await accounts.GetAsync(name, context.HttpContext.RequestAborted) : null;
        if (principal is null || !UserPrincipals.StillValid(principal, user))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (UserPrincipals.RoleOf(principal) != user!.Role)
        {
            context.ReplacePrincipal(UserPrincipals.For(user, CookieAuthenticationDefaults.AuthenticationScheme));
            context.ShouldRenew = true;
        }
    }

    /// <summary>The user account services alone (hashing, throttling, the accounts), also what the command line needs.</summary>
    public static IServiceCollection AddPiranhaAccounts(this IServiceCollection services, int passwordIterations = PasswordHasher.DefaultIterations) =>
        services.AddSingleton(new PasswordHasher(passwordIterations))
            .AddSingleton<LoginThrottle>()
            .AddSingleton<UserAccounts>()
            .AddSingleton<ApiTokens>();
}
