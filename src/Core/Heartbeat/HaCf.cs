using PiranhaNet.Core.Importing;

namespace PiranhaNet.Core.Heartbeat;

/// <summary>A heartbeat path of ha.cf: <c>ucast INTERFACE ADDRESS</c>.</summary>
public sealed record HeartbeatUnicast(string Interface, string Address, FileLocation Location);

/// <summary>What ha.cf says that PiranhaNet can carry.</summary>
/// <param name="Nodes">The cluster's node names, in file order.</param>
/// <param name="Keepalive">Seconds between heartbeats.</param>
/// <param name="Deadtime">Seconds of silence before the peer is dead.</param>
/// <param name="Port">udpport.</param>
/// <param name="AutoFailback">auto_failback on (true), off (false), or null when not given.</param>
/// <param name="Unicasts">Every ucast line, in order.</param>
/// <param name="NodesAt">Where the first node line stands.</param>
/// <param name="WarnTime">warntime in seconds and where it stands, when given (a cluster carries it, a pair does not).</param>
/// <param name="InitDead">initdead in seconds and where it stands, when given (likewise).</param>
public sealed record HaCf(IReadOnlyList<string> Nodes, double Keepalive, double Deadtime, int Port, bool? AutoFailback,
    IReadOnlyList<HeartbeatUnicast> Unicasts, FileLocation NodesAt, (double Seconds, FileLocation At)? WarnTime = null,
    (double Seconds, FileLocation At)? InitDead = null);
