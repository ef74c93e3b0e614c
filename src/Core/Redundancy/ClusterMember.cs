using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// What a director of a cluster is doing as a member, as the cluster managers name it (MSCS's online, paused and
/// offline; Heartbeat's standby): what it tells the others in its heartbeats.
/// </summary>
[JsonConverter(typeof(CamelCaseEnumConverter<MemberCondition>))]
public enum MemberCondition : byte
{
    /// <summary>A full member: may be elected for any group it is a member of.</summary>
    Online = 1,

    /// <summary>Keeps the groups it holds, takes on nothing new (for maintenance); resuming moves nothing by itself.</summary>
    Paused = 2,

    /// <summary>Gives each group it holds to the next preferred member, then pauses.</summary>
    Draining = 3,

    /// <summary>Stopped by the operator: holds nothing.</summary>
    Stopped = 4,

    /// <summary>Cannot serve (a monitored link is down, a failover service failed): holds nothing.</summary>
    Fault = 5,
}

/// <summary>Whether a director has been heard within the dead time.</summary>
public enum MemberLiveness
{
    /// <summary>Heard on some path within the dead time (a director is always alive to itself).</summary>
    Alive,

    /// <summary>Silent on every path for longer than the dead time.</summary>
    Dead,

    /// <summary>Not heard yet while this director is still within its initial grace (initdead): it may hold groups.</summary>
    Unknown,
}

/// <summary>One director as another sees it through its heartbeats (or itself as it is).</summary>
/// <param name="Name">The director's name.</param>
/// <param name="Liveness">Heard within the dead time or not.</param>
/// <param name="Condition">What it said it is doing, in its last heartbeat.</param>
/// <param name="Holds">The groups it said it holds, in its last heartbeat.</param>
public sealed record MemberView(string Name, MemberLiveness Liveness, MemberCondition Condition, IReadOnlySet<string> Holds);
