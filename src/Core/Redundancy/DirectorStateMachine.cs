using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// The one owner of this director's redundancy state: active, standby, stopped or fault, why, and the history of
/// its changes. It decides as Piranha's pulse did. A director without a role, or without a configured backup, simply
/// serves; with heartbeats off or no key the primary serves and the backup stands by. Otherwise the peer is alive
/// while any path has carried a heartbeat within <c>deadtime</c>; the backup becomes active when the primary is dead
/// on every path, stopped or at fault; the primary is active unless the backup is, and takes the work back from an
/// active backup when auto-failback is on. A director the operator made active stays active and its peer stands by
/// until the operator makes the other one active. A director that just started (or got a new role) waits one dead
/// time to hear its peer before it decides the peer is gone; that time begins with its first plan. Pure logic on a given
/// clock; not thread-safe.
/// </summary>
public sealed class DirectorStateMachine
{
    /// <summary>How many changes of state <see cref="History"/> keeps.</summary>
    public const int MaxHistory = 20;

    private readonly Queue<FailoverRecord> _history = new();
    private RedundancyPlan? _plan;
    private bool _hasKey;
    private DateTimeOffset _listeningSince;
    // The last heartbeat on any path: the peer is alive while one path carries them (which path is the link's business).
    private DateTimeOffset? _lastHeard;
    private HeartbeatPacket? _peer;

    /// <summary>This director's state after the last <see cref="Evaluate"/>.</summary>
    public DirectorState State { get; private set; } = DirectorState.Standby;

    /// <summary>Why it is in that state, for operators and the failover history.</summary>
    public string Reason { get; private set; } = "starting";

    /// <summary>Stopped by the operator: withdraws whatever else holds.</summary>
    public bool Stopped { get; set; }

    /// <summary>Why this director cannot serve (a monitored link is down, a failover service failed), or null.</summary>
    public string? Fault { get; set; }

    /// <summary>Made active by the operator ("make active"): active whatever the peer says, and the peer yields.</summary>
    public bool Forced { get; set; }

    /// <summary>The plan followed, or null before the first.</summary>
    public RedundancyPlan? Plan => _plan;

    /// <summary>The peer's last heartbeat, or null before the first (or since a new role).</summary>
    public HeartbeatPacket? Peer => _peer;

    /// <summary>The changes of state, oldest first, at most <see cref="MaxHistory"/>.</summary>
    public IReadOnlyCollection<FailoverRecord> History => _history;

    /// <summary>True while heartbeats decide the state: a role, a backup configured, heartbeats on and a key to sign them with.</summary>
    public bool Heartbeating => _plan is { Role: not null, Peered: true, Heartbeats: true } && _hasKey;

    /// <summary>
    /// Follows a plan (a new configuration version) and whether a heartbeat key is at hand. New timings take effect in
    /// place; a new role forgets the peer and listens for it afresh, as a director that just started.
    /// </summary>
    public void Follow(RedundancyPlan plan, bool hasKey, DateTimeOffset now)
    {
        // Listening for the peer begins with the first plan, or again with a new role.
        if (_plan is null || _plan.Role != plan.Role)
        {
            (_listeningSince, _lastHeard, _peer) = (now, null, null);
        }
        (_plan, _hasKey) = (plan, hasKey);
    }

    /// <summary>A heartbeat from the peer arrived, on whichever path.</summary>
    public void Heard(HeartbeatPacket packet, DateTimeOffset at)
    {
        _lastHeard = at;
        _peer = packet;
    }

    /// <summary>
    /// When the peer will count as dead if nothing more is heard: the dead time after the last heartbeat on any path,
    /// or after listening began when none came yet; null while heartbeats do not decide. The caller looks again then.
    /// </summary>
    public DateTimeOffset? PeerDeadline => Heartbeating ? (_lastHeard ?? _listeningSince) + _plan!.Deadtime : null;

    /// <summary>Decides the state now; the change, also kept in <see cref="History"/>, or null when it stayed.</summary>
    public FailoverRecord? Evaluate(DateTimeOffset at)
    {
        var (state, reason) = Decide(at);
        Reason = reason;
        if (state == State)
        {
            return null;
        }
        var change = new FailoverRecord(at, State, state, reason);
        State = state;
        _history.Enqueue(change);
        while (_history.Count > MaxHistory)
        {
            _history.Dequeue();
        }
        return change;
    }

    private (DirectorState, string) Decide(DateTimeOffset at)
    {
        if (Stopped)
        {
            return (DirectorState.Stopped, "stopped by the operator");
        }
        if (_plan is not { } plan)
        {
            return (DirectorState.Standby, "starting");
        }
        if (plan.Role is not { } role)
        {
            return (DirectorState.Active, plan.Note);
        }
        if (!plan.Peered)
        {
            return (DirectorState.Active, "the only director (no backup is configured)");
        }
        if (!plan.Heartbeats || !_hasKey)
        {
            var why = plan.Heartbeats ? "no heartbeat key: generate one on the Redundancy page" : "heartbeats are off (heartbeat = 0): the backup never takes over";
            return role == DirectorRole.Primary ? (DirectorState.Active, $"primary; {why}") : (DirectorState.Standby, why);
        }
        if (Fault is not null)
        {
            return (DirectorState.Fault, Fault);
        }
        if (Forced)
        {
            return (DirectorState.Active, "made active by the operator");
        }
        var peerAlive = _lastHeard is { } heard && at - heard <= plan.Deadtime;
        if (!peerAlive)
        {
            return at - _listeningSince < plan.Deadtime && _lastHeard is null
                ? (DirectorState.Standby, "starting: listening for the peer")
                : (DirectorState.Active, $"peer silent on every path for more than {plan.Deadtime.TotalSeconds:0.###} s");
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
            return peerState == DirectorState.Active && !plan.AutoFailback && State != DirectorState.Active
                ? (DirectorState.Standby, "backup is active and auto-failback is off")
                : (DirectorState.Active, "primary");
        }
        // Backup: stand by whenever the primary is active; stay active while it waits (auto-failback off).
        return peerState == DirectorState.Active
            ? (DirectorState.Standby, "primary is active")
            : State == DirectorState.Active ? (DirectorState.Active, "primary is waiting (auto-failback off)") : (DirectorState.Standby, "primary is standing by");
    }
}
