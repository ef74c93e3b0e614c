using System.Text.Json.Serialization;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Protocol;

/// <summary>
/// One message on the agent channel (a WebSocket, one JSON text message each). Every message carries the
/// protocol version <see cref="V"/> and its <c>type</c>. A type the receiver does not know deserializes as
/// a plain <see cref="AgentMessage"/>, which receivers log and ignore, so either side can be newer.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FallBackToBaseType)]
[JsonDerivedType(typeof(HelloMessage), "hello")]
[JsonDerivedType(typeof(ConfigureMessage), "configure")]
[JsonDerivedType(typeof(ConfigureChangesMessage), "configure-changes")]
[JsonDerivedType(typeof(ResendMessage), "resend")]
[JsonDerivedType(typeof(EventsMessage), "events")]
[JsonDerivedType(typeof(AppliedMessage), "applied")]
[JsonDerivedType(typeof(FailedMessage), "failed")]
[JsonDerivedType(typeof(StatusMessage), "status")]
[JsonDerivedType(typeof(HeartbeatKeyMessage), "heartbeat-key")]
[JsonDerivedType(typeof(MakeActiveMessage), "make-active")]
[JsonDerivedType(typeof(ClusterOperationsMessage), "cluster-operations")]
public record AgentMessage
{
    /// <summary>The protocol version the sender speaks.</summary>
    public int V { get; init; } = AgentProtocol.Version;
}

/// <summary>Agent to dashboard, first: who it is and what it has applied.</summary>
/// <param name="Name">The director.</param>
/// <param name="Dataplane">"ipvs", "nftables" or "userspace".</param>
/// <param name="AppliedVersion">The version in force (0 before any).</param>
/// <param name="Running">False while stopped.</param>
/// <param name="AppliedDigest">
/// Protocol 5: the <see cref="ConfigDigest"/> of the version in force, or null before any (and from older agents). A
/// dashboard whose version and run state are the ones in force, with this digest, sends nothing on connect: the agent
/// holds it, and the dashboard's next changes build on it.
/// </param>
public sealed record HelloMessage(string Name, string Dataplane, int AppliedVersion, bool Running, string? AppliedDigest = null) : AgentMessage;

/// <summary>Dashboard to agent: the configuration version to apply, and whether the director should run.</summary>
public sealed record ConfigureMessage(int Version, bool Running, LvsConfig Config) : AgentMessage;

/// <summary>
/// Dashboard to agent (protocol 2 and later): a version as the changes from <paramref name="BaseVersion"/>, the
/// last version sent to this agent. An agent that does not hold the base answers <see cref="ResendMessage"/>.
/// </summary>
public sealed record ConfigureChangesMessage(int Version, int BaseVersion, bool Running, ConfigPatch Patch) : AgentMessage;

/// <summary>Agent to dashboard: a change arrived for a version the agent does not hold; send the whole configuration.</summary>
/// <param name="HeldVersion">The version the agent holds (0 for none).</param>
public sealed record ResendMessage(int HeldVersion) : AgentMessage;

/// <summary>
/// Agent to dashboard: real servers that changed state since the last such message, oldest first. Events of a
/// time without a dashboard are kept (up to a bound) and sent on the next connection.
/// </summary>
public sealed record EventsMessage(EquatableArray<HealthEvent> Events) : AgentMessage;

/// <summary>Agent to dashboard: the version is in force; <paramref name="Changes"/> edits were made.</summary>
public sealed record AppliedMessage(int Version, int Changes) : AgentMessage;

/// <summary>Agent to dashboard: the version was refused or failed; nothing changed.</summary>
public sealed record FailedMessage(int Version, EquatableArray<string> Reasons) : AgentMessage;

/// <summary>Agent to dashboard: the live table and state, on change and every second.</summary>
/// <param name="Status">The director's state; when <paramref name="Partial"/>, only the services that changed.</param>
/// <param name="Partial">
/// Protocol 2: the services are only those whose settings, connections, counters or rates changed since the
/// previous status on this connection, and <paramref name="Removed"/> the ones gone; see <see cref="StatusChanges"/>.
/// </param>
/// <param name="Removed">With <paramref name="Partial"/>, the services no longer in the table.</param>
public sealed record StatusMessage(DirectorStatus Status, bool Partial = false, EquatableArray<IpvsServiceKey> Removed = default) : AgentMessage;

/// <summary>What a director reports about itself.</summary>
/// <param name="Name">The director.</param>
/// <param name="Dataplane">"ipvs", "nftables" or "userspace".</param>
/// <param name="Running">False while stopped.</param>
/// <param name="AppliedVersion">The version in force (0 before any).</param>
/// <param name="LastError">Why the last version failed, or null.</param>
/// <param name="Services">The routing table with connections, counters and rates.</param>
/// <param name="Unmanaged">Services in the table that PiranhaNet did not create.</param>
/// <param name="Health">
/// Each checked real server's health; null in a partial status when it did not change (and from agents before
/// health checks, which the dashboard shows as not checked).
/// </param>
/// <param name="Redundancy">Its role and state in the director pair; null in a partial status when unchanged, and from agents before protocol 3.</param>
public sealed record DirectorStatus(
    string Name,
    string Dataplane,
    bool Running,
    int AppliedVersion,
    string? LastError,
    EquatableArray<IpvsServiceStatus> Services,
    EquatableArray<IpvsServiceKey> Unmanaged,
    EquatableArray<RealServerHealthStatus>? Health = null,
    RedundancyStatus? Redundancy = null);

/// <summary>
/// Dashboard to agent (protocol 3): the heartbeat keys, base64. <paramref name="Previous"/>, when given, is the
/// key before the last rotation: both directors accept both keys and sign with the previous one until
/// <paramref name="PreviousUntil"/>, then with the new one, so they need not receive it at the same instant.
/// Never logged by either side.
/// </summary>
public sealed record HeartbeatKeyMessage(string Key, string? Previous, DateTimeOffset? PreviousUntil) : AgentMessage
{
    /// <summary>Keeps the keys out of logs and exceptions that print the record.</summary>
    public override string ToString() => "HeartbeatKeyMessage { keys hidden }";
}

/// <summary>
/// Dashboard to agent (protocol 3): <paramref name="Active"/> true makes this director active whatever its role
/// (the peer yields); false releases such a hold, as when the operator makes the other director active.
/// </summary>
public sealed record MakeActiveMessage(bool Active) : AgentMessage;

/// <summary>
/// Dashboard to agent (protocol 4): the operator's say in a cluster, sent to every director on a change and when it
/// connects. <paramref name="Paused"/>: this director keeps what it holds and takes on nothing new;
/// <paramref name="Draining"/>: it hands every group to the next preferred director, then pauses; neither: online.
/// <paramref name="Moves"/>: groups the operator moved, each to a director (by its name in the configuration), which
/// every director's election puts first for that group until the move is cleared.
/// </summary>
public sealed record ClusterOperationsMessage(bool Paused, bool Draining, EquatableArray<GroupMove> Moves) : AgentMessage;

/// <summary>A group the operator moved, and where to.</summary>
/// <param name="Group">The failover group.</param>
/// <param name="Director">The director's name in the configuration.</param>
public sealed record GroupMove(string Group, string Director);
