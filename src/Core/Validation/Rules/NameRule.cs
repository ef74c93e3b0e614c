using System.Text.RegularExpressions;
using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// Names are present, unique in their list, and safe as an lvs.cf block name (one token, no braces,
/// quotes or '#'). Collects every error.
/// </summary>
internal sealed partial class NameRule : IConfigRule
{
    /// <summary>Longest name accepted; long enough for descriptive names, short enough for the UI's tables.</summary>
    public const int MaxLength = 63;

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.:@-]*$")]
    private static partial Regex SafeName();

    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        CheckList(config.VirtualServers.Select(v => v.Name), VirtualServer, "virtual server", errors);
        foreach (var vs in config.VirtualServers)
        {
            CheckList(vs.RealServers.Select(r => r.Name), rs => RealServer(vs.Name, rs), "real server", errors);
        }
        CheckList(config.FailoverServices.Select(f => f.Name), FailoverService, "failover service", errors);
    }

    /// <summary>The problem with <paramref name="name"/> as an lvs.cf name, or null when it is fine.</summary>
    public static string? Problem(string? name) =>
        string.IsNullOrEmpty(name) ? "a name is required"
        : name.Length > MaxLength ? $"name '{name}' is longer than {MaxLength} characters"
        : !SafeName().IsMatch(name) ? $"name '{name}' cannot be written to lvs.cf: use letters, digits and _ . : @ - (not first), no spaces"
        : null;

    private static void CheckList(IEnumerable<string> names, Func<string, string> pathOf, string what, ICollection<ValidationError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var path = Field(pathOf(name ?? ""), "name");
            if (Problem(name) is { } problem)
            {
                errors.Add(path, name, problem);
            }
            else if (!seen.Add(name!))
            {
                errors.Add(path, name, $"duplicate {what} name '{name}'");
            }
        }
    }
}
