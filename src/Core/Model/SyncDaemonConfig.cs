namespace PiranhaNet.Core.Model;

/// <summary>The IPVS connection sync daemon, which copies connection state to the backup director.</summary>
public sealed record SyncDaemonConfig
{
    /// <summary><c>syncdaemon</c>: run master on the active director and backup on the standby.</summary>
    public bool Enabled { get; init; }

    /// <summary>Multicast interface (<c>syncd_iface</c>, default eth0).</summary>
    public string Interface { get; init; } = "eth0";

    /// <summary>Sync id 0..255 (<c>syncd_id</c>), to run several clusters on one network.</summary>
    public int Id { get; init; }
}
