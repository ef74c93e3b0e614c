namespace PiranhaNet.Core.Model;

/// <summary>
/// The backup director and the heartbeat between the two (Piranha's REDUNDANCY page), and, as PiranhaNet extensions,
/// the cluster beyond the pair: more directors, failover groups with their preferences, quorum, warntime and initdead.
/// </summary>
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

    /// <summary>Seconds between heartbeats (<c>keepalive</c>, default 2); fractions allowed down to 0.05.</summary>
    public double Keepalive { get; init; } = 2;

    /// <summary>Seconds without heartbeats before the peer counts as dead (<c>deadtime</c>, default 5).</summary>
    public double Deadtime { get; init; } = 5;

    /// <summary>A director whose VIP device loses carrier hands over (<c>monitor_links</c>).</summary>
    public bool MonitorLinks { get; init; }

    /// <summary>The primary takes the work back when it returns (PiranhaNet extension, default on).</summary>
    public bool AutoFailback { get; init; } = true;

    /// <summary>The primary director's name in failover groups (<c>primary_name</c>, default <c>primary</c>).</summary>
    public string PrimaryName { get; init; } = DefaultPrimaryName;

    /// <summary>The backup director's name in failover groups (<c>backup_name</c>, default <c>backup</c>).</summary>
    public string BackupName { get; init; } = DefaultBackupName;

    /// <summary>Directors beyond the primary and the backup, in file order (<c>director NAME { }</c> blocks).</summary>
    public EquatableArray<ClusterDirectorConfig> Directors { get; init; } = EquatableArray<ClusterDirectorConfig>.Empty;

    /// <summary>
    /// Failover groups, in file order (<c>group NAME { }</c> blocks). None: the pair is one group of the primary and
    /// the backup, holding everything, as in Piranha.
    /// </summary>
    public EquatableArray<FailoverGroupConfig> Groups { get; init; } = EquatableArray<FailoverGroupConfig>.Empty;

    /// <summary>Whether a director that hears fewer than a majority of the directors gives up its groups (<c>quorum</c>).</summary>
    public QuorumPolicy Quorum { get; init; } = QuorumPolicy.Auto;

    /// <summary>
    /// Seconds of silence after which a late heartbeat is logged, before the dead time runs out (<c>warntime</c>, as in
    /// Heartbeat's ha.cf); 0: no warning.
    /// </summary>
    public double WarnTime { get; init; }

    /// <summary>
    /// Seconds a director that just started listens before it declares a silent peer dead (<c>initdead</c>, as in
    /// Heartbeat's ha.cf); 0: the dead time.
    /// </summary>
    public double InitDead { get; init; }

    /// <summary>
    /// The IPv4 multicast group a cluster's directors send their heartbeats to (<c>multicast</c>, as Heartbeat's
    /// <c>mcast</c>): one packet per network and keepalive instead of one per director; null: to every director's own
    /// address. Every director joins it on its public and private networks.
    /// </summary>
    public string? Multicast { get; init; }

    /// <summary>The primary's name unless configured.</summary>
    public const string DefaultPrimaryName = "primary";

    /// <summary>The backup's name unless configured.</summary>
    public const string DefaultBackupName = "backup";
}
