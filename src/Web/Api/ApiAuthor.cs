namespace PiranhaNet.Web.Api;

/// <summary>Who a change made through the API is recorded as.</summary>
public static class ApiAuthor
{
    /// <summary>The signed-in user's name, or "api" while no authentication is configured.</summary>
    public static string Of(HttpContext httpContext) => httpContext.User.Identity?.Name is { Length: > 0 } name ? name : "api";
}
