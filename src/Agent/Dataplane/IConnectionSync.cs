using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane;

/// <summary>
/// A dataplane that can copy its connection table to a peer director (the kernel's IPVS sync daemon), so
/// established connections survive a failover. The userspace proxy has no such thing.
/// </summary>
internal interface IConnectionSync
{
    /// <summary>The sync daemons running now (at most one master and one backup).</summary>
    Task<IReadOnlyList<IpvsSyncDaemon>> ReadSyncDaemonsAsync(CancellationToken cancellationToken);

    /// <summary>Starts a daemon; a <see cref="DataplaneException"/> names it and the kernel's reason when it cannot.</summary>
    Task StartSyncDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken);

    /// <summary>Stops the daemon of <paramref name="role"/>; stopping one that is not running is not an error.</summary>
    Task StopSyncDaemonAsync(IpvsSyncRole role, CancellationToken cancellationToken);
}
