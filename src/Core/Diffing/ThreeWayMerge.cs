using System.Text.Json;
using System.Text.Json.Nodes;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Diffing;

/// <summary>
/// Rebases one user's pending changes onto a newer version: the version both started from (<c>base</c>), the user's
/// draft (<c>mine</c>) and the latest stored version (<c>theirs</c>). Field by field, through the configurations' JSON
/// form (so a field added to the model merges without changes here), with the named lists (virtual servers, their real
/// servers, failover services) matched by name as <see cref="ConfigDiffer"/> does: a field changed on one side only takes
/// that change; one changed on both to the same value is no conflict; one changed on both to different values is a
/// <see cref="Conflict"/> at its path (<c>virtualServers[web].port</c>) with all three values, and so is an element
/// deleted on one side and changed on the other. A conflict is settled by a <see cref="Side"/> chosen for its path.
/// </summary>
public static class ThreeWayMerge
{
    /// <summary>Which value a settled conflict takes.</summary>
    public enum Side
    {
        /// <summary>The user's own.</summary>
        Mine,

        /// <summary>The latest version's.</summary>
        Theirs,
    }

    /// <summary>One field (or element) changed differently on both sides.</summary>
    /// <param name="Path">Its path, as validation and the diff name it.</param>
    /// <param name="Base">Its value when both started, as JSON text; null when it did not exist.</param>
    /// <param name="Mine">The user's value; null when the user removed it.</param>
    /// <param name="Theirs">The latest version's value; null when it was removed there.</param>
    public sealed record Conflict(string Path, string? Base, string? Mine, string? Theirs);

    /// <summary>The merge: every conflict found, and the merged configuration when each of them is settled (else null).</summary>
    public sealed record Result(LvsConfig? Merged, IReadOnlyList<Conflict> Conflicts, IReadOnlyList<Conflict> Unsettled);

    /// <summary>Merges <paramref name="mine"/> and <paramref name="theirs"/>, both made from <paramref name="base"/>.</summary>
    public static Result Merge(LvsConfig @base, LvsConfig mine, LvsConfig theirs, IReadOnlyDictionary<string, Side>? settled = null)
    {
        var conflicts = new List<Conflict>();
        var merged = MergeNode("", Node(@base with { SerialNo = 0 }), Node(mine with { SerialNo = 0 }), Node(theirs with { SerialNo = 0 }),
            conflicts, settled ?? new Dictionary<string, Side>());
        var unsettled = conflicts.Where(c => settled?.ContainsKey(c.Path) != true).ToList();
        var config = unsettled.Count == 0 && merged is not null
            ? merged.Deserialize<LvsConfig>(PiranhaJson.Options)! with { SerialNo = theirs.SerialNo }
            : null;
        return new Result(config, conflicts, unsettled);
    }

    private static JsonNode? Node(LvsConfig config) => JsonSerializer.SerializeToNode(config, PiranhaJson.Options);

    private static JsonNode? MergeNode(string path, JsonNode? @base, JsonNode? mine, JsonNode? theirs, List<Conflict> conflicts,
        IReadOnlyDictionary<string, Side> settled)
    {
        if (JsonNode.DeepEquals(mine, theirs) || JsonNode.DeepEquals(mine, @base))
        {
            return theirs?.DeepClone();
        }
        if (JsonNode.DeepEquals(theirs, @base))
        {
            return mine?.DeepClone();
        }
        // Changed on both sides, differently: objects merge field by field, named lists element by element.
        if (mine is JsonObject m && theirs is JsonObject t && @base is JsonObject or null)
        {
            return MergeObject(path, @base as JsonObject, m, t, conflicts, settled);
        }
        if (NamedElements(mine) is { } mineList && NamedElements(theirs) is { } theirList && (@base is null || NamedElements(@base) is not null))
        {
            return MergeNamedList(path, NamedElements(@base) ?? [], mineList, theirList, conflicts, settled);
        }
        conflicts.Add(new Conflict(path, Text(@base), Text(mine), Text(theirs)));
        return Settle(path, mine, theirs, settled);
    }

    private static JsonObject MergeObject(string path, JsonObject? @base, JsonObject mine, JsonObject theirs, List<Conflict> conflicts,
        IReadOnlyDictionary<string, Side> settled)
    {
        var merged = new JsonObject();
        // The latest version's order of fields, then any field only the user's side has.
        foreach (var name in theirs.Select(p => p.Key).Concat(mine.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
        {
            var value = MergeNode(path.Length == 0 ? name : $"{path}.{name}", @base?[name], mine[name], theirs[name], conflicts, settled);
            if (value is not null || theirs.ContainsKey(name) || mine.ContainsKey(name))
            {
                merged[name] = value;
            }
        }
        return merged;
    }

    private static JsonArray MergeNamedList(string path, IReadOnlyList<JsonObject> @base, IReadOnlyList<JsonObject> mine, IReadOnlyList<JsonObject> theirs,
        List<Conflict> conflicts, IReadOnlyDictionary<string, Side> settled)
    {
        var baseByName = ByName(@base);
        var mineByName = ByName(mine);
        var theirsByName = ByName(theirs);
        var merged = new JsonArray();
        // The latest version's order, then the elements only the user added, in the user's order.
        foreach (var name in theirs.Select(NameOf).Concat(mine.Select(NameOf)).Distinct(StringComparer.Ordinal))
        {
            var element = MergeNode($"{path}[{name}]", baseByName.GetValueOrDefault(name), mineByName.GetValueOrDefault(name), theirsByName.GetValueOrDefault(name),
                conflicts, settled);
            if (element is not null)
            {
                merged.Add(element);
            }
        }
        return merged;
    }

    private static JsonNode? Settle(string path, JsonNode? mine, JsonNode? theirs, IReadOnlyDictionary<string, Side> settled) =>
        (settled.TryGetValue(path, out var side) && side == Side.Mine ? mine : theirs)?.DeepClone();

    // A list whose every element is an object with a name: merged by name, not by position.
    private static List<JsonObject>? NamedElements(JsonNode? node) =>
        node is JsonArray array && array.All(e => e is JsonObject o && o["name"] is JsonValue v && v.TryGetValue<string>(out _))
            ? [.. array.Cast<JsonObject>()]
            : null;

    private static Dictionary<string, JsonObject> ByName(IEnumerable<JsonObject> elements)
    {
        // Names repeat only in a configuration that failed validation; the first of each name counts, as in the diff.
        var byName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var element in elements)
        {
            byName.TryAdd(NameOf(element), element);
        }
        return byName;
    }

    private static string NameOf(JsonObject element) => element["name"]!.GetValue<string>();

    private static string? Text(JsonNode? node) => node?.ToJsonString(PiranhaJson.Options);
}
