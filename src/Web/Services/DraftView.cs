using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Services;

/// <summary>What the dashboard edits for one user: their draft (rebased onto the latest version when it merges), else the latest version.</summary>
/// <param name="Config">The configuration being edited.</param>
/// <param name="BaseSerial">The version it is based on: the latest, unless a conflict keeps the draft on the version it started from.</param>
/// <param name="LatestSerial">The newest stored version.</param>
/// <param name="Changes">The pending changes: from the latest version to the draft (what Apply changes), or, while in conflict, from its own base.</param>
/// <param name="Conflicts">Fields changed differently by this user and in a newer version; Apply waits until each is settled.</param>
public sealed record DraftView(LvsConfig Config, int BaseSerial, int LatestSerial, IReadOnlyList<ConfigChange> Changes, IReadOnlyList<ThreeWayMerge.Conflict> Conflicts)
{
    /// <summary>True while a conflict with a newer version is unsettled (Apply is refused).</summary>
    public bool HasConflicts => Conflicts.Count > 0;
}
