namespace PiranhaNet.Web.Security;

/// <summary>
/// What a user (or an API token) may do. Each role holds the ones below it: an <c>admin</c> does everything (users,
/// tokens, directors, the heartbeat key), an <c>operator</c> edits and applies the configuration and operates the
/// cluster (Start/Stop, drain, make active), a <c>viewer</c> reads everything, live monitoring included.
/// </summary>
public static class Roles
{
    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>Edit, apply, operate.</summary>
    public const string Operator = "operator";

    /// <summary>Read.</summary>
    public const string Viewer = "viewer";

    /// <summary>Every role, the lowest first.</summary>
    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Admin];

    /// <summary>True when <paramref name="role"/> is one of <see cref="All"/>.</summary>
    public static bool IsRole(string? role) => role is not null && All.Contains(role);

    /// <summary>True when <paramref name="held"/> includes what <paramref name="needed"/> allows.</summary>
    public static bool Includes(string? held, string needed) => IsRole(held) && Rank(held!) >= Rank(needed);

    /// <summary>The roles that include <paramref name="needed"/> (for an authorization policy).</summary>
    public static string[] AtLeast(string needed) => [.. All.Where(r => Rank(r) >= Rank(needed))];

    /// <summary>The role with its article, for sentences: "an admin", "an operator", "a viewer".</summary>
    public static string WithArticle(string role) => (role.Length > 0 && "aeiou".Contains(role[0]) ? "an " : "a ") + role;

    private static int Rank(string role) => All.ToList().IndexOf(role);
}
