using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Reconciliation;

/// <summary>What applying a configuration version did: applied(version) or failed(version, reasons).</summary>
/// <param name="Version">The version.</param>
/// <param name="Succeeded">True when the dataplane now holds the version's table.</param>
/// <param name="Reasons">Why it failed (validation errors, or the dataplane's error naming the service); empty on success.</param>
/// <param name="Changes">The edits made (empty when the table already matched).</param>
/// <param name="Unmanaged">Services found that PiranhaNet did not create; left alone.</param>
internal sealed record ApplyResult(int Version, bool Succeeded, IReadOnlyList<string> Reasons, IReadOnlyList<IpvsChange> Changes, IReadOnlyList<IpvsServiceKey> Unmanaged)
{
    /// <summary>The connection timeouts set by this version, or null when they were already in force.</summary>
    public IpvsTimeouts? TimeoutsSet { get; init; }

    /// <summary>Every edit: the table's changes, and the timeouts as one more.</summary>
    public int ChangeCount => Changes.Count + (TimeoutsSet is null ? 0 : 1);
}
