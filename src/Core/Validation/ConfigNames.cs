using System.Text.RegularExpressions;

namespace PiranhaNet.Core.Validation;

/// <summary>
/// What a name of a virtual server, real server, failover service or director may be: one lvs.cf token
/// (no spaces, braces, quotes or '#'), short enough for tables.
/// </summary>
public static partial class ConfigNames
{
    /// <summary>Longest name accepted.</summary>
    public const int MaxLength = 63;

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.:@-]*$")]
    private static partial Regex SafeName();

    /// <summary>The problem with <paramref name="name"/>, or null when it is fine.</summary>
    public static string? Problem(string? name) =>
        string.IsNullOrEmpty(name) ? "a name is required"
        : name.Length > MaxLength ? $"name '{name}' is longer than {MaxLength} characters"
        : !SafeName().IsMatch(name) ? $"name '{name}' cannot be written to lvs.cf: use letters, digits and _ . : @ - (not first), no spaces"
        : null;
}
