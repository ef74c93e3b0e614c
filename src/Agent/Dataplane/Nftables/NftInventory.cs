using System.Text.Json;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// What a listing found of PiranhaNet's table: its chains with their rules and its sets and maps (with their
/// elements when the listing had them), by name. Objects of other tables are ignored. Filled from one or more
/// listings; later ones replace what earlier ones said of the same object.
/// </summary>
internal sealed class NftInventory
{
    private readonly Dictionary<string, List<JsonElement>> _chains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _sets = new(StringComparer.Ordinal);

    /// <summary>True when the table exists.</summary>
    public bool TableExists { get; set; }

    /// <summary>The chains found, with their rules in order.</summary>
    public IReadOnlyDictionary<string, List<JsonElement>> Chains => _chains;

    /// <summary>The sets and maps found (the listed object: name, type, flags, elements).</summary>
    public IReadOnlyDictionary<string, JsonElement> Sets => _sets;

    /// <summary>Takes in the objects of a listing (see <see cref="NftablesContext.List(IEnumerable{string}, bool)"/>).</summary>
    public NftInventory Add(IEnumerable<JsonElement> listed)
    {
        foreach (var entry in listed)
        {
            if (entry.TryGetProperty("table", out var table) && Ours(table))
            {
                TableExists = true;
            }
            else if (entry.TryGetProperty("chain", out var chain) && Ours(chain))
            {
                _chains[Name(chain, "name")] = [];
            }
            else if (entry.TryGetProperty("rule", out var rule) && Ours(rule))
            {
                var name = Name(rule, "chain");
                if (!_chains.TryGetValue(name, out var rules))
                {
                    _chains[name] = rules = [];
                }
                rules.Add(rule);
            }
            else if ((entry.TryGetProperty("set", out var set) || entry.TryGetProperty("map", out set)) && Ours(set))
            {
                _sets[Name(set, "name")] = set;
            }
        }
        return this;
    }

    /// <summary>The rules of a chain, or null when the chain was not found.</summary>
    public IReadOnlyList<JsonElement>? Rules(string chain) => _chains.GetValueOrDefault(chain);

    /// <summary>The elements of a set or map; empty when it was not found or listed without them.</summary>
    public IEnumerable<NftElement> Elements(string set) => _sets.TryGetValue(set, out var listed) ? NftJson.Elements(listed) : [];

    // A table entry names itself with "name"; the others name their table with "table".
    private static bool Ours(JsonElement entry) =>
        entry.TryGetProperty("family", out var family) && family.GetString() == "inet"
        && (entry.TryGetProperty("table", out var table) ? table.GetString() : entry.GetProperty("name").GetString()) == NftNames.TableName;

    private static string Name(JsonElement entry, string property) => entry.GetProperty(property).GetString() ?? "";
}
