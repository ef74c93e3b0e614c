using PiranhaNet.Core.Diffing;

namespace PiranhaNet.Web.Services;

/// <summary>Apply refused: the draft conflicts with a newer version, field by field, until the user settles each.</summary>
public sealed class DraftConflictException(IReadOnlyList<ThreeWayMerge.Conflict> conflicts)
    : Exception($"{conflicts.Count} field(s) changed both in your pending changes and in a newer version; choose a value for each, then apply: " +
        string.Join(", ", conflicts.Select(c => c.Path)))
{
    /// <summary>The conflicts.</summary>
    public IReadOnlyList<ThreeWayMerge.Conflict> Conflicts { get; } = conflicts;
}
