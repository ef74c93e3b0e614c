using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// Names are present, unique in their list, and safe as an lvs.cf block name (one token, no braces,
/// quotes or '#'). Collects every error.
/// </summary>
internal sealed class NameRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        CheckList(config.VirtualServers.Select(v => v.Name), VirtualServer, "virtual server", errors);
        foreach (var vs in config.VirtualServers)
        {
            CheckList(vs.RealServers.Select(r => r.Name), rs => RealServer(vs.Name, rs), "real server", errors);
        }
        CheckList(config.FailoverServices.Select(f => f.Name), FailoverService, "failover service", errors);
    }

    private static void CheckList(IEnumerable<string> names, Func<string, string> pathOf, string what, ICollection<ValidationError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            // The path is built only for a name in error.
            if (ConfigNames.Problem(name) is { } problem)
            {
                errors.Add(Field(pathOf(name ?? ""), "name"), name, problem);
            }
            else if (!seen.Add(name!))
            {
                errors.Add(Field(pathOf(name!), "name"), name, $"duplicate {what} name '{name}'");
            }
        }
    }
}
