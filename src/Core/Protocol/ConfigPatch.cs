using PiranhaNet.Core.Diffing;
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
    public static ConfigPatch? Between(LvsConfig from, LvsConfig to) =>
        KeyedDiff.TryBetween(from.VirtualServers, to.VirtualServers, ByName, out _, StringComparer.Ordinal) is { } diff
            ? new ConfigPatch(to with { VirtualServers = [] }, diff.Upserts.Select(u => u.After).ToEquatableArray(),
                diff.OrderChanged ? diff.Order.ToEquatableArray() : default(EquatableArray<string>?))
            : null;

    /// <summary>
    /// The version this patch describes, built on <paramref name="from"/> (the version it was made against).
    /// Throws <see cref="ArgumentException"/> when the patch names a virtual server that neither has.
    /// </summary>
    public LvsConfig ApplyTo(LvsConfig from) =>
        Frame with { VirtualServers = KeyedDiff.Apply(from.VirtualServers, Changed, [], Order?.Items, ByName, StringComparer.Ordinal).ToEquatableArray() };

    private static string ByName(VirtualServerConfig vs) => vs.Name;
}
