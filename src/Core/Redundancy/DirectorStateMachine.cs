namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// Decides whether this director is active or standby from its peer's heartbeats, as Piranha's pulse did:
/// the peer is alive while any path (public or private address) has carried a heartbeat within
/// <c>deadtime</c>. The backup becomes active when the primary is dead on every path, stopped or at fault; the
/// primary is active unless the backup is, and takes the work back from an active backup when auto-failback
/// is on (the backup then sees the primary active and steps down). A director the operator made active
/// stays active and its peer stands by until the operator makes the other one active. A fresh director waits one dead time to hear
/// its peer before it decides the peer is gone. Pure logic on a given clock; not thread-safe.
/// </summary>
public sealed class DirectorStateMachine(DirectorRole role, bool autoFailback, TimeSpan deadtime, DateTimeOffset startedAt)
{
    // The last heartbeat on any path: the peer is alive while one path carries them (which path is the link's business).
    private DateTimeOffset? _lastHeard;
    private HeartbeatPacket? _peer;

    /// <summary>This director's state after the last <see cref="Evaluate"/>.</summary>
    public DirectorState State { get; private set; } = DirectorState.Standby;

    /// <summary>Why it is in that state, for operators and the failover history.</summary>
    public string Reason { get; private set; } = "starting: listening for the peer";

    /// <summary>Silence on every path after which the peer counts as dead; changed in place when the configuration changes it.</summary>
    public TimeSpan Deadtime { get; set; } = deadtime;

    /// <summary>Whether the primary takes the work back from an active backup; changed in place like <see cref="Deadtime"/>.</summary>
    public bool AutoFailback { get; set; } = autoFailback;

    /// <summary>Stopped by the operator: withdraws whatever else holds.</summary>
    public bool Stopped { get; set; }

    /// <summary>Why this director cannot serve (a monitored link is down, a failover service failed), or null.</summary>
    public string? Fault { get; set; }

    /// <summary>Made active by the operator ("make active"): active whatever the peer says, and the peer yields.</summary>
    public bool Forced { get; set; }

    /// <summary>The peer's last heartbeat, or null before the first.</summary>
    public HeartbeatPacket? Peer => _peer;

    /// <summary>A heartbeat from the peer arrived, on whichever path.</summary>
    public void Heard(HeartbeatPacket packet, DateTimeOffset at)
    {
        _lastHeard = at;
        _peer = packet;
    }

    /// <summary>
    /// When the peer will count as dead if nothing more is heard: the dead time after the last heartbeat on any path,
    /// or after the start when none came yet. The caller looks again then, not on a fixed tick.
    /// </summary>
    public DateTimeOffset PeerDeadline => (_lastHeard ?? startedAt) + Deadtime;

    /// <summary>Decides the state now; true when it changed (the caller takes or gives up the addresses).</summary>
    public bool Evaluate(DateTimeOffset at)
    {
        var (state, reason) = Decide(at);
        var changed = state != State;
        (State, Reason) = (state, reason);
        return changed;
    }

    private (DirectorState, string) Decide(DateTimeOffset at)
    {
        if (Stopped)
        {
            return (DirectorState.Stopped, "stopped by the operator");
        }
        if (Fault is not null)
        {
            return (DirectorState.Fault, Fault);
        }
        if (Forced)
        {
            return (DirectorState.Active, "made active by the operator");
        }
        var peerAlive = _lastHeard is { } heard && at - heard <= Deadtime;
        if (!peerAlive)
        {
            return at - startedAt < Deadtime && _lastHeard is null
                ? (DirectorState.Standby, "starting: listening for the peer")
                : (DirectorState.Active, $"peer silent on every path for more than {Deadtime.TotalSeconds:0.###} s");
        }
        var peerState = _peer!.State;
        if (peerState is DirectorState.Stopped or DirectorState.Fault)
        {
            return (DirectorState.Active, $"peer is {peerState.ToString().ToLowerInvariant()}");
        }
        if (peerState == DirectorState.Active && _peer.Forced)
        {
            return (DirectorState.Standby, "peer was made active by the operator");
        }
        if (role == DirectorRole.Primary)
        {
            return peerState == DirectorState.Active && !AutoFailback && State != DirectorState.Active
                ? (DirectorState.Standby, "backup is active and auto-failback is off")
                : (DirectorState.Active, "primary");
        }
        // Backup: stand by whenever the primary is active; stay active while it waits (auto-failback off).
        return peerState == DirectorState.Active
            ? (DirectorState.Standby, "primary is active")
            : State == DirectorState.Active ? (DirectorState.Active, "primary is waiting (auto-failback off)") : (DirectorState.Standby, "primary is standing by");
    }
}
