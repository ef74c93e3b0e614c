namespace PiranhaNet.Core.Ipvs;

/// <summary>What to do to the kernel's table, and what in it is not PiranhaNet's to touch.</summary>
/// <param name="Changes">The edits, in an order the kernel accepts (a service before its destinations).</param>
/// <param name="Unmanaged">Services in the kernel that PiranhaNet did not create and does not want: left alone, reported.</param>
public sealed record IpvsPlan(IReadOnlyList<IpvsChange> Changes, IReadOnlyList<IpvsServiceKey> Unmanaged)
{
    /// <summary>True when the kernel already holds the desired table.</summary>
    public bool IsEmpty => Changes.Count == 0;
}
