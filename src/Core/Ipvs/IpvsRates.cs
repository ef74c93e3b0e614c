namespace PiranhaNet.Core.Ipvs;

/// <summary>Per-second rates estimated by the kernel (ipvsadm --rate).</summary>
public sealed record IpvsRates(ulong ConnectionsPerSecond, ulong InPacketsPerSecond, ulong OutPacketsPerSecond, ulong InBytesPerSecond, ulong OutBytesPerSecond)
{
    /// <summary>All zero.</summary>
    public static IpvsRates Zero { get; } = new(0, 0, 0, 0, 0);
}
