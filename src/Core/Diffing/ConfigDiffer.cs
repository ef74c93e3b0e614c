using System.Text.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Diffing;

/// <summary>
/// Compares two configurations field by field, naming elements by their names (<c>virtualServers[web]</c>)
/// rather than list positions, so reordering is not a change and a new server is one "added" line. The lists
/// of virtual servers, real servers and failover services are matched by name with <see cref="KeyedDiff"/>,
/// so equal elements (usually the very objects an edit kept) cost one comparison each; only the fields of
/// changed elements are read, through their JSON form, so a field added to the model is compared without
/// changes here. Linear in the size of the configurations.
/// </summary>
public static class ConfigDiffer
{
    /// <summary>
    /// The changes from <paramref name="before"/> to <paramref name="after"/>, removed elements first, then added
    /// ones, then changed fields; the serial number is ignored.
    /// </summary>
    public static IReadOnlyList<ConfigChange> Diff(LvsConfig before, LvsConfig after)
    {
        var changes = new List<ConfigChange>();
        // Everything outside the named lists: global settings, redundancy, the service kind.
        Fields("", before with { SerialNo = 0, VirtualServers = [], FailoverServices = [] },
            after with { SerialNo = 0, VirtualServers = [], FailoverServices = [] }, changes);
        Elements(before.VirtualServers, after.VirtualServers, vs => vs.Name, ConfigPaths.VirtualServer, ElementSummary.VirtualServer, changes,
            (path, old, now) =>
            {
                Fields(path, old with { RealServers = [] }, now with { RealServers = [] }, changes);
                Elements(old.RealServers, now.RealServers, rs => rs.Name, name => ConfigPaths.RealServer(now.Name, name),
                    rs => ElementSummary.RealServer(rs, now.Port), changes, (rsPath, oldReal, newReal) => Fields(rsPath, oldReal, newReal, changes));
            });
        Elements(before.FailoverServices, after.FailoverServices, f => f.Name, ConfigPaths.FailoverService, ElementSummary.FailoverService, changes,
            (path, old, now) => Fields(path, old, now, changes));
        // A stable sort: each kind keeps the order it was found in.
        return [.. changes.OrderBy(c => c.Kind switch { ConfigChangeKind.Removed => 0, ConfigChangeKind.Added => 1, _ => 2 })];
    }

    /// <summary>One line for the history: the first few changes and how many more there are.</summary>
    public static string Summarize(IReadOnlyList<ConfigChange> changes, int shown = 3) =>
        changes.Count switch
        {
            0 => "no changes",
            _ when changes.Count <= shown => string.Join("; ", changes.Select(c => c.Describe())),
            _ => $"{string.Join("; ", changes.Take(shown).Select(c => c.Describe()))}; and {changes.Count - shown} more",
        };

    // A named list: added and removed elements are one line each; a changed one is compared by compareChanged.
    private static void Elements<T>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> nameOf, Func<string, string> pathOf,
        Func<T, string> summaryOf, List<ConfigChange> changes, Action<string, T, T> compareChanged)
    {
        // Names repeat only in a configuration that failed validation; the first of each name is the one compared.
        var diff = KeyedDiff.Between(FirstOfEachName(before, nameOf), FirstOfEachName(after, nameOf), nameOf, StringComparer.Ordinal);
        foreach (var upsert in diff.Upserts)
        {
            var path = pathOf(nameOf(upsert.After));
            if (upsert.IsAdded)
            {
                changes.Add(new ConfigChange(ConfigChangeKind.Added, path, null, summaryOf(upsert.After)));
            }
            else
            {
                compareChanged(path, upsert.Before, upsert.After);
            }
        }
        changes.AddRange(diff.Removed.Select(old => new ConfigChange(ConfigChangeKind.Removed, pathOf(nameOf(old)), summaryOf(old), null)));
    }

    private static List<T> FirstOfEachName<T>(IReadOnlyList<T> items, Func<T, string> nameOf)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. items.Where(item => seen.Add(nameOf(item)))];
    }

    // The leaf fields of two versions of one element, by their JSON paths under the element's path.
    private static void Fields<T>(string path, T before, T after, List<ConfigChange> changes)
    {
        var oldFields = new Dictionary<string, string?>(StringComparer.Ordinal);
        var newFields = new Dictionary<string, string?>(StringComparer.Ordinal);
        Walk(JsonSerializer.SerializeToElement(before, PiranhaJson.Options), path, oldFields);
        Walk(JsonSerializer.SerializeToElement(after, PiranhaJson.Options), path, newFields);
        foreach (var field in newFields.Keys.Concat(oldFields.Keys).Distinct())
        {
            var oldValue = oldFields.GetValueOrDefault(field);
            var newValue = newFields.GetValueOrDefault(field);
            if (oldValue != newValue)
            {
                changes.Add(new ConfigChange(ConfigChangeKind.Changed, field, oldValue, newValue));
            }
        }
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, string?> fields)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : ConfigPaths.Field(path, property.Name), fields);
                }
                break;
            case JsonValueKind.Array:
                // An empty list reads as unset, like a missing value.
                fields[path] = element.GetArrayLength() == 0 ? null : string.Join(",", element.EnumerateArray().Select(Text));
                break;
            default:
                fields[path] = Text(element);
                break;
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
