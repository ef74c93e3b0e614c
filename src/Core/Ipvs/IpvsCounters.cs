namespace PiranhaNet.Core.Ipvs;

/// <summary>Totals since a service or destination was created (ipvsadm --stats).</summary>
public sealed record IpvsCounters(ulong Connections, ulong InPackets, ulong OutPackets, ulong InBytes, ulong OutBytes)
{
    /// <summary>All zero.</summary>
    public static IpvsCounters Zero { get; } = new(0, 0, 0, 0, 0);
}
