namespace PiranhaNet.Core.Model;

/// <summary>The backup director and the heartbeat between the two (Piranha's REDUNDANCY page).</summary>
public sealed record RedundancyConfig
{
    /// <summary>A backup director is configured and takes part (<c>backup_active</c>).</summary>
    public bool Enabled { get; init; }

    /// <summary>Backup director's public address (<c>backup</c>).</summary>
    public string? Backup { get; init; }

    /// <summary>Backup director's private (heartbeat) address (<c>backup_private</c>).</summary>
    public string? BackupPrivate { get; init; }

    /// <summary>Backup's shared SCSI device for fos reservations (<c>backup_shared</c>).</summary>
    public string? BackupShared { get; init; }

    /// <summary>Heartbeats are exchanged (<c>heartbeat</c>).</summary>
    public bool Heartbeat { get; init; }

    /// <summary>UDP port of the heartbeat (<c>heartbeat_port</c>, default 539).</summary>
    public int HeartbeatPort { get; init; } = 539;

    /// <summary>Seconds between heartbeats (<c>keepalive</c>, default 2); fractions allowed down to 0.1.</summary>
    public double Keepalive { get; init; } = 2;

    /// <summary>Seconds without heartbeats before the peer counts as dead (<c>deadtime</c>, default 5).</summary>
    public double Deadtime { get; init; } = 5;

    /// <summary>A director whose VIP device loses carrier hands over (<c>monitor_links</c>).</summary>
    public bool MonitorLinks { get; init; }

    /// <summary>The primary takes the work back when it returns (PiranhaNet extension, default on).</summary>
    public bool AutoFailback { get; init; } = true;
}
