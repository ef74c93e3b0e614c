using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Ipvs;

/// <summary>
/// The kernel's IPVS as the agent uses it, one request at a time: the table with its counters, one change, the
/// connection timeouts and the sync daemons. The only thing the agent knows of the kernel's IPVS; the real one is
/// <see cref="NetlinkIpvsClient"/>, and unit tests use an in-memory one. Every refusal is a
/// <see cref="DataplaneException"/> whose message is the kernel's reason and whose <see cref="DataplaneException.Errno"/>
/// is its errno. Not thread-safe: callers take turns.
/// </summary>
internal interface IIpvsClient : IDisposable
{
    /// <summary>Every service with its destinations, counters and rates.</summary>
    IReadOnlyList<IpvsServiceStatus> ReadStatus();

    /// <summary>One service with its destinations, or null when the kernel has no such service.</summary>
    IpvsServiceStatus? ReadStatus(IpvsServiceKey key);

    /// <summary>Makes one change of the table.</summary>
    void Apply(IpvsChange change);

    /// <summary>The connection timeouts in force.</summary>
    IpvsTimeouts ReadTimeouts();

    /// <summary>Sets all three timeouts at once.</summary>
    void SetTimeouts(IpvsTimeouts timeouts);

    /// <summary>The running sync daemons.</summary>
    IReadOnlyList<IpvsSyncDaemon> ReadSyncDaemons();

    /// <summary>Starts a sync daemon.</summary>
    void StartSyncDaemon(IpvsSyncDaemon daemon);

    /// <summary>Stops the daemon of <paramref name="role"/>; one that is not running is already stopped.</summary>
    void StopSyncDaemon(IpvsSyncRole role);
}
