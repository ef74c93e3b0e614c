using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Protocol;

/// <summary>
/// Replays a run of <see cref="ConfigPatch"/>es, each made against the version before it, onto the version the first was
/// made against. The store keeps most versions this way, and a version a thousand patches after its snapshot must still
/// load in one pass: applying each patch in turn would rebuild the whole list of virtual servers a thousand times.
/// </summary>
public static class ConfigPatchChain
{
    /// <summary>
    /// The version the last of <paramref name="patches"/> describes, built on <paramref name="start"/>. One pass over the
    /// patches and one rebuild of the list: the last frame wins, so does each name's last change, and the last list of
    /// names that was sent is the list at the end, since a patch without one left the names as they were. A change to a
    /// virtual server that a later list no longer names was removed since, and is dropped. Throws
    /// <see cref="ArgumentException"/> when a list names a virtual server that no version before it had.
    /// </summary>
    public static LvsConfig Replay(LvsConfig start, IEnumerable<ConfigPatch> patches)
    {
        LvsConfig? frame = null;
        var changed = new Dictionary<string, VirtualServerConfig>(StringComparer.Ordinal);
        EquatableArray<string>? order = null;
        foreach (var patch in patches)
        {
            frame = patch.Frame;
            foreach (var server in patch.Changed)
            {
                changed[server.Name] = server;
            }
            order = patch.Order ?? order;
        }
        if (frame is null)
        {
            return start;
        }
        return frame with { VirtualServers = KeyedDiff.Apply(start.VirtualServers, changed.Values, [], order?.Items, vs => vs.Name, StringComparer.Ordinal).ToEquatableArray() };
    }
}
