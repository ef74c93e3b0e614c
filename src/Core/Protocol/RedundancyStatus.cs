using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Protocol;

/// <summary>A director's part in the primary/backup pair (or, with <see cref="Cluster"/>, in a cluster), as it reports it.</summary>
/// <param name="Role">Primary or backup; null when the director holds neither configured address.</param>
/// <param name="State">Active, standby, stopped or fault.</param>
/// <param name="Reason">Why it is in that state.</param>
/// <param name="Forced">The operator made it active.</param>
/// <param name="PeerState">The state the peer last announced, or null when it has not been heard (or there is no peer).</param>
/// <param name="Paths">The heartbeat paths to the peer.</param>
/// <param name="Failovers">The last state changes, newest last.</param>
/// <param name="Addresses">The floating addresses it holds now, as <c>address/prefix on device</c>.</param>
/// <param name="KeyFingerprint">The first 8 hex digits of SHA-256 of the heartbeat key in use (never the key), or null without one.</param>
/// <param name="Error">The last takeover or step-down step that failed (an address, a command, the sync daemon), or null.</param>
/// <param name="Cluster">
/// In a cluster: the groups, quorum and other directors; the pair's fields then say active when it holds a group,
/// and the paths are every path to every other director.
/// </param>
public sealed record RedundancyStatus(
    DirectorRole? Role,
    DirectorState State,
    string Reason,
    bool Forced,
    DirectorState? PeerState,
    EquatableArray<HeartbeatPathStatus> Paths,
    EquatableArray<FailoverRecord> Failovers,
    EquatableArray<string> Addresses,
    string? KeyFingerprint,
    string? Error,
    ClusterStatus? Cluster = null);

/// <summary>One heartbeat path as the director sees it.</summary>
/// <param name="Name">"public" or "private".</param>
/// <param name="Local">This director's address on it.</param>
/// <param name="Peer">The peer's address on it.</param>
/// <param name="Up">A heartbeat came within the dead time.</param>
/// <param name="LastHeard">When the last one came, or null for never.</param>
/// <param name="RoundTripMilliseconds">The last measured round trip, or null before one was measured.</param>
/// <param name="Error">Why this end cannot send or listen (an address not on this director, a port taken), or null.</param>
public sealed record HeartbeatPathStatus(string Name, string Local, string Peer, bool Up, DateTimeOffset? LastHeard, double? RoundTripMilliseconds,
    string? Error = null);

/// <summary>One change of a director's state.</summary>
/// <param name="At">When.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Reason">Why.</param>
/// <param name="Group">In a cluster, the failover group taken (to active) or given up; null for a pair's change of state.</param>
public sealed record FailoverRecord(DateTimeOffset At, DirectorState From, DirectorState To, string Reason, string? Group = null);
