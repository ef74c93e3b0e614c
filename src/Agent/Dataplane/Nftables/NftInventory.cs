namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>One element of a set or map, decoded: its key's parts and its value's as text, the chain a verdict jumps to, its counter.</summary>
/// <param name="Key">The key's parts: <c>["192.0.2.10", "80"]</c>; addresses, ports, protocols and numbers as nft writes them.</param>
/// <param name="Value">The value's parts for a map of data, else null.</param>
/// <param name="Jump">The chain a verdict map's element jumps to, else null.</param>
/// <param name="Counter">Packets and bytes, for a set with counters.</param>
internal sealed record NftElement(string[] Key, string[]? Value, string? Jump, (ulong Packets, ulong Bytes)? Counter)
{
    /// <summary>The key as the scripts write it: the parts joined by " . ".</summary>
    public string KeyText => string.Join(" . ", Key);

    /// <summary>The value as the scripts write it.</summary>
    public string? ValueText => Value is null ? null : string.Join(" . ", Value);
}

/// <summary>
/// What a read found of PiranhaNet's table (<see cref="NftablesReader"/>): its chains with their rules, its sets and
/// maps, and the elements of those that were read, decoded by <see cref="NftLayouts"/>. A read of some services'
/// objects holds only those; what it did not read is absent, not empty.
/// </summary>
internal sealed class NftInventory
{
    private readonly Dictionary<string, List<NftRule>> _chains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NftSetInfo> _sets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NftElement>> _elements = new(StringComparer.Ordinal);

    /// <summary>True when the table exists.</summary>
    public bool TableExists { get; init; }

    /// <summary>The sets and maps found, by name.</summary>
    public IReadOnlyDictionary<string, NftSetInfo> Sets => _sets;

    /// <summary>Takes in chains (with no rules yet).</summary>
    public NftInventory AddChains(IEnumerable<string> chains)
    {
        foreach (var chain in chains)
        {
            _chains.TryAdd(chain, []);
        }
        return this;
    }

    /// <summary>Takes in rules (their chains with them).</summary>
    public NftInventory AddRules(IEnumerable<NftRule> rules)
    {
        foreach (var rule in rules)
        {
            if (!_chains.TryGetValue(rule.Chain, out var list))
            {
                _chains[rule.Chain] = list = [];
            }
            list.Add(rule);
        }
        return this;
    }

    /// <summary>Takes in sets and maps.</summary>
    public NftInventory AddSets(IEnumerable<NftSetInfo> sets)
    {
        foreach (var set in sets)
        {
            _sets[set.Name] = set;
        }
        return this;
    }

    /// <summary>Takes in the elements of one set; null (no such set) adds nothing.</summary>
    public NftInventory AddElements(string set, IEnumerable<NftRawElement>? elements)
    {
        if (elements is not null)
        {
            _elements[set] = [.. elements.Select(e => NftLayouts.Decode(set, e)).OfType<NftElement>()];
        }
        return this;
    }

    /// <summary>The rules of a chain, or null when the chain was not found.</summary>
    public IReadOnlyList<NftRule>? Rules(string chain) => _chains.GetValueOrDefault(chain);

    /// <summary>True when the elements of <paramref name="set"/> were read.</summary>
    public bool WasRead(string set) => _elements.ContainsKey(set);

    /// <summary>The elements of a set or map; empty when they were not read.</summary>
    public IReadOnlyList<NftElement> Elements(string set) => _elements.GetValueOrDefault(set) ?? [];
}
