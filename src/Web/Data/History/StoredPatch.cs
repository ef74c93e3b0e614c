using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Data.History;

/// <summary>
/// A <see cref="ConfigPatch"/> as the store keeps it: without its frame (everything but the virtual servers) when that
/// is as in the version before but for the serial. Most edits touch virtual servers only, and the frame of a large
/// configuration (global settings, redundancy, the cluster) would otherwise be written again with each one.
/// </summary>
/// <param name="Frame">The new version without its virtual servers, or null when it is the previous version's.</param>
/// <param name="Changed">New or changed virtual servers, matched by name.</param>
/// <param name="Order">The names of the new version's virtual servers in order, or null when they are as before.</param>
internal sealed record StoredPatch(LvsConfig? Frame, EquatableArray<VirtualServerConfig> Changed, EquatableArray<string>? Order)
{
    /// <summary>The patch from <paramref name="previous"/> to <paramref name="config"/>, null when there is none (a repeated name).</summary>
    public static StoredPatch? Between(LvsConfig previous, LvsConfig config)
    {
        if (ConfigPatch.Between(previous, config) is not { } patch)
        {
            return null;
        }
        var sameFrame = FrameOf(previous) == FrameOf(config);
        return new StoredPatch(sameFrame ? null : patch.Frame, patch.Changed, patch.Order);
    }

    /// <summary>
    /// The patches of a run, as <see cref="ConfigPatchChain"/> replays them onto <paramref name="start"/>: each without a
    /// frame takes the last frame before it.
    /// </summary>
    public static IEnumerable<ConfigPatch> Run(LvsConfig start, IEnumerable<StoredPatch> patches)
    {
        var frame = start with { VirtualServers = [] };
        foreach (var patch in patches)
        {
            frame = patch.Frame ?? frame;
            yield return new ConfigPatch(frame, patch.Changed, patch.Order);
        }
    }

    // What a frame is compared by: the serial differs in every version and is set when a version is read.
    private static LvsConfig FrameOf(LvsConfig config) => config with { VirtualServers = [], SerialNo = 0 };
}
