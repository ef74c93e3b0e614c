using PiranhaNet.Core.Model;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Core.Protocol;

/// <summary>
/// A cluster director's view of the cluster, in its status report: who it is and what it is doing, quorum, each
/// failover group's director and why, every other director as heard, and the groups it took and gave up.
/// </summary>
/// <param name="Self">This director's name, or null when it holds none of the directors' addresses.</param>
/// <param name="Condition">What it is doing as a member.</param>
/// <param name="HasQuorum">It hears a majority, or quorum does not apply.</param>
/// <param name="Quorum">How many it hears of how many, and whether quorum applies.</param>
/// <param name="Groups">Each group's outcome of the election as this director sees it.</param>
/// <param name="Peers">Every other director as heard.</param>
/// <param name="Changes">The groups this director took and gave up, oldest first.</param>
public sealed record ClusterStatus(string? Self, MemberCondition Condition, bool HasQuorum, string Quorum, EquatableArray<GroupStatus> Groups,
    EquatableArray<ClusterPeerStatus> Peers, EquatableArray<GroupChangeRecord> Changes);

/// <summary>One failover group as a director sees it.</summary>
/// <param name="Name">The group.</param>
/// <param name="Active">The director that runs it (by this director's election), or null.</param>
/// <param name="Reason">Why.</param>
/// <param name="HeldHere">This director holds its addresses now.</param>
public sealed record GroupStatus(string Name, string? Active, string Reason, bool HeldHere);

/// <summary>Another director as heard.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Alive">Heard on some path within the dead time.</param>
/// <param name="Condition">What its last heartbeat said it is doing, or null before the first.</param>
/// <param name="Holds">The groups its last heartbeat said it holds.</param>
/// <param name="Paths">Each path to it.</param>
public sealed record ClusterPeerStatus(string Name, bool Alive, MemberCondition? Condition, EquatableArray<string> Holds, EquatableArray<HeartbeatPathStatus> Paths);

/// <summary>A group this director took or gave up.</summary>
/// <param name="At">When.</param>
/// <param name="Group">The group.</param>
/// <param name="Taken">Taken, or given up.</param>
/// <param name="Reason">Why.</param>
public sealed record GroupChangeRecord(DateTimeOffset At, string Group, bool Taken, string Reason);
