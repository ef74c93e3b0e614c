using System.Net;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>The heartbeat paths to every other director of a cluster, as the cluster loop uses them.</summary>
internal interface IClusterLink : IAsyncDisposable
{
    /// <summary>Sends <paramref name="heartbeat"/> (its sequence, time and stamps filled in per path) to every director on every path.</summary>
    Task SendAsync(ClusterHeartbeat heartbeat, CancellationToken cancellationToken);

    /// <summary>Replaces the keys on every socket (a rotation): the first signs, any verifies.</summary>
    void SetKeys(IReadOnlyList<byte[]> keys);

    /// <summary>Each path to <paramref name="peer"/>: up when heard within <paramref name="deadtime"/>.</summary>
    IReadOnlyList<HeartbeatPathStatus> Status(string peer, TimeSpan deadtime);
}

/// <summary>Opens cluster links; the real one binds UDP sockets, tests give scripted ones.</summary>
internal interface IClusterLinks
{
    /// <summary>
    /// A link to <paramref name="peers"/> on <paramref name="port"/> (through <paramref name="multicast"/> when it is
    /// a group), calling <paramref name="heard"/> with each authentic new heartbeat.
    /// </summary>
    IClusterLink Open(IReadOnlyList<ClusterPlan.Peer> peers, int port, IPAddress? multicast, IReadOnlyList<byte[]> keys, Action<ClusterHeartbeat> heard);
}

/// <summary>Cluster links over UDP sockets.</summary>
internal sealed class UdpClusterLinks(TimeProvider time, ILoggerFactory loggers) : IClusterLinks
{
    /// <inheritdoc />
    public IClusterLink Open(IReadOnlyList<ClusterPlan.Peer> peers, int port, IPAddress? multicast, IReadOnlyList<byte[]> keys, Action<ClusterHeartbeat> heard) =>
        new ClusterLink(peers, port, multicast, keys, heard, time, loggers);
}
