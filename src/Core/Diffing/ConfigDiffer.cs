using System.Text.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Diffing;

/// <summary>
/// Compares two configurations field by field, naming elements by their names (<c>virtualServers[web]</c>)
/// rather than list positions, so reordering is not a change and a new server is one "added" line.
/// Walks the model's JSON form, so a field added to the model is compared without changes here.
/// </summary>
public static class ConfigDiffer
{
    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>; the serial number is ignored.</summary>
    public static IReadOnlyList<ConfigChange> Diff(LvsConfig before, LvsConfig after)
    {
        // Elements that are equal as records cannot differ in any field: only the others are flattened, so
        // one weight change in 10,000 virtual servers compares one virtual server, not all of them.
        var (oldVirtual, newVirtual) = Unequal(before.VirtualServers, after.VirtualServers, v => v.Name);
        var (oldFailover, newFailover) = Unequal(before.FailoverServices, after.FailoverServices, f => f.Name);
        return DiffFlattened(
            before with { SerialNo = 0, VirtualServers = oldVirtual, FailoverServices = oldFailover },
            after with { SerialNo = 0, VirtualServers = newVirtual, FailoverServices = newFailover });
    }

    private static (EquatableArray<T> Before, EquatableArray<T> After) Unequal<T>(EquatableArray<T> before, EquatableArray<T> after, Func<T, string> nameOf)
        where T : class
    {
        var afterByName = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in after)
        {
            afterByName.TryAdd(nameOf(item), item);
        }
        var same = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in before)
        {
            if (afterByName.TryGetValue(nameOf(item), out var other) && item.Equals(other))
            {
                same.Add(nameOf(item));
            }
        }
        return (before.Where(i => !same.Contains(nameOf(i))).ToEquatableArray(), after.Where(i => !same.Contains(nameOf(i))).ToEquatableArray());
    }

    private static List<ConfigChange> DiffFlattened(LvsConfig before, LvsConfig after)
    {
        var (oldFields, oldElements) = Flatten(before);
        var (newFields, newElements) = Flatten(after);
        var changes = new List<ConfigChange>();
        var removed = oldElements.Where(e => !newElements.Contains(e)).ToList();
        var added = newElements.Where(e => !oldElements.Contains(e)).ToList();
        changes.AddRange(removed.Where(e => !IsInside(e, removed)).Select(e => new ConfigChange(ConfigChangeKind.Removed, e, ElementSummary.Of(before, e), null)));
        changes.AddRange(added.Where(e => !IsInside(e, added)).Select(e => new ConfigChange(ConfigChangeKind.Added, e, null, ElementSummary.Of(after, e))));
        var skip = removed.Concat(added).ToList();
        foreach (var path in newFields.Keys.Concat(oldFields.Keys).Distinct())
        {
            if (IsInside(path, skip))
            {
                continue;
            }
            var oldValue = oldFields.GetValueOrDefault(path);
            var newValue = newFields.GetValueOrDefault(path);
            if (oldValue != newValue)
            {
                changes.Add(new ConfigChange(ConfigChangeKind.Changed, path, oldValue, newValue));
            }
        }
        return changes;
    }

    /// <summary>One line for the history: the first few changes and how many more there are.</summary>
    public static string Summarize(IReadOnlyList<ConfigChange> changes, int shown = 3) =>
        changes.Count switch
        {
            0 => "no changes",
            _ when changes.Count <= shown => string.Join("; ", changes.Select(c => c.Describe())),
            _ => $"{string.Join("; ", changes.Take(shown).Select(c => c.Describe()))}; and {changes.Count - shown} more",
        };

    // True when path lies strictly inside one of the elements (so it is covered by that element's add or remove).
    private static bool IsInside(string path, List<string> elements) =>
        elements.Any(e => path.Length > e.Length && path.StartsWith(e, StringComparison.Ordinal) && path[e.Length] is '.' or '[');

    private static (Dictionary<string, string?> Fields, HashSet<string> Elements) Flatten(LvsConfig config)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        var elements = new HashSet<string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(PiranhaJson.Serialize(config));
        Walk(document.RootElement, "", fields, elements);
        return (fields, elements);
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, string?> fields, HashSet<string> elements)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", fields, elements);
                }
                break;
            case JsonValueKind.Array when element.EnumerateArray().All(HasName):
                foreach (var item in element.EnumerateArray())
                {
                    var itemPath = $"{path}[{item.GetProperty("name").GetString()}]";
                    elements.Add(itemPath);
                    Walk(item, itemPath, fields, elements);
                }
                break;
            case JsonValueKind.Array:
                fields[path] = string.Join(",", element.EnumerateArray().Select(Text));
                break;
            default:
                fields[path] = Text(element);
                break;
        }
    }

    private static bool HasName(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String;

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
