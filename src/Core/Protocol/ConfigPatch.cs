using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Protocol;

/// <summary>
/// One configuration version expressed against an earlier one, so an edit of one real server among a thousand
/// virtual servers travels as that virtual server rather than the whole document. Everything but the virtual
/// servers travels whole in <paramref name="Frame"/> (it is small); the virtual servers that are new or differ
/// travel in <paramref name="Changed"/>; <paramref name="Order"/> lists every virtual server's name when the
/// list of names changed (an add, remove, rename or reorder), and is null when it did not.
/// </summary>
/// <param name="Frame">The new version without its virtual servers.</param>
/// <param name="Changed">New or changed virtual servers, matched by name.</param>
/// <param name="Order">The names of the new version's virtual servers in order, or null when they are as before.</param>
public sealed record ConfigPatch(LvsConfig Frame, EquatableArray<VirtualServerConfig> Changed, EquatableArray<string>? Order)
{
    /// <summary>The patch that turns <paramref name="from"/> into <paramref name="to"/>; null when a name repeats, which no valid version has.</summary>
    public static ConfigPatch? Between(LvsConfig from, LvsConfig to)
    {
        if (ByName(from) is not { } before || ByName(to) is null)
        {
            return null;
        }
        // Unchanged virtual servers are usually the very same objects (versions share them), which Equals checks first.
        var changed = to.VirtualServers.Where(vs => !before.TryGetValue(vs.Name, out var old) || !old.Equals(vs)).ToEquatableArray();
        var sameNames = from.VirtualServers.Select(vs => vs.Name).SequenceEqual(to.VirtualServers.Select(vs => vs.Name), StringComparer.Ordinal);
        var order = sameNames ? default(EquatableArray<string>?) : to.VirtualServers.Select(vs => vs.Name).ToEquatableArray();
        return new ConfigPatch(to with { VirtualServers = [] }, changed, order);
    }

    /// <summary>
    /// The version this patch describes, built on <paramref name="from"/> (the version it was made against).
    /// Throws <see cref="ArgumentException"/> when the patch names a virtual server that neither has.
    /// </summary>
    public LvsConfig ApplyTo(LvsConfig from)
    {
        var byName = ByName(from) ?? throw new ArgumentException("the base version repeats a virtual server name", nameof(from));
        foreach (var vs in Changed)
        {
            byName[vs.Name] = vs;
        }
        var names = Order ?? from.VirtualServers.Select(vs => vs.Name).ToEquatableArray();
        var servers = names.Select(name => byName.TryGetValue(name, out var vs)
            ? vs
            : throw new ArgumentException($"the patch names virtual server '{name}', which the base version does not have", nameof(from)));
        return Frame with { VirtualServers = servers.ToEquatableArray() };
    }

    private static Dictionary<string, VirtualServerConfig>? ByName(LvsConfig config)
    {
        var byName = new Dictionary<string, VirtualServerConfig>(config.VirtualServers.Count, StringComparer.Ordinal);
        return config.VirtualServers.All(vs => byName.TryAdd(vs.Name, vs)) ? byName : null;
    }
}
