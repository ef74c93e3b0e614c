using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// The one owner of a cluster director's state: what it hears from every other director, what it is doing as a
/// member (online, paused, draining, stopped, at fault), which groups it holds, and what it should take or give up
/// now (<see cref="Step"/>), by <see cref="ClusterElection"/>. A group it is to give up is released at once when it
/// has no quorum, is stopped or at fault, or nobody is to run the group; otherwise once the director that is to run
/// it says it holds it, so a planned move is make-before-break. A draining director pauses once it holds nothing.
/// Pure logic on a given clock; not thread-safe.
/// </summary>
public sealed class ClusterMachine
{
    /// <summary>How many group changes <see cref="History"/> keeps.</summary>
    public const int MaxHistory = 50;

    private readonly Dictionary<string, Peer> _peers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly Queue<GroupChange> _history = new();
    private DateTimeOffset _listeningSince;

    private sealed class Peer
    {
        public DateTimeOffset? LastHeard;
        public ClusterHeartbeat? Packet;
        public bool Alive;
        public bool Warned;
        public bool OtherLayout;
    }

    /// <summary>A group taken or given up, and why.</summary>
    /// <param name="At">When.</param>
    /// <param name="Group">The group.</param>
    /// <param name="Taken">Taken (true) or given up.</param>
    /// <param name="Reason">The election's reason, or why it was given up.</param>
    /// <param name="HandedOver">Given up because the director that is to run it now holds it (a planned move, a failback, a drain), not for want of quorum, a stop or a fault.</param>
    public sealed record GroupChange(DateTimeOffset At, string Group, bool Taken, string Reason, bool HandedOver = false);

    /// <summary>What one step decided.</summary>
    /// <param name="Take">Groups to take now: add and announce their addresses.</param>
    /// <param name="Release">Groups to give up now: remove their addresses.</param>
    /// <param name="Notices">Things worth a log line and an event: a late heartbeat, a director silent or heard again, another layout, drained.</param>
    /// <param name="Election">The election this step followed.</param>
    public sealed record Decision(IReadOnlyList<GroupChange> Take, IReadOnlyList<GroupChange> Release, IReadOnlyList<string> Notices, ClusterElection.Result Election);

    /// <summary>The plan followed, or null before the first.</summary>
    public ClusterPlan? Plan { get; private set; }

    /// <summary>Stopped by the operator: holds nothing.</summary>
    public bool Stopped { get; set; }

    /// <summary>Why this director cannot serve, or null.</summary>
    public string? Fault { get; set; }

    /// <summary>Paused by the operator: keeps what it holds, takes nothing new.</summary>
    public bool Paused { get; set; }

    /// <summary>Draining by the operator: hands every group to the next preferred member, then pauses.</summary>
    public bool Draining { get; set; }

    /// <summary>Groups the operator moved, to the director they were moved to.</summary>
    public IReadOnlyDictionary<string, string> Moves { get; set; } = new Dictionary<string, string>();

    /// <summary>What this director tells the others it is doing.</summary>
    public MemberCondition Condition => Stopped ? MemberCondition.Stopped
        : Fault is not null ? MemberCondition.Fault
        : Draining ? MemberCondition.Draining
        : Paused ? MemberCondition.Paused
        : MemberCondition.Online;

    /// <summary>The groups this director holds.</summary>
    public IReadOnlySet<string> Held => _held;

    /// <summary>The last election, or null before the first step.</summary>
    public ClusterElection.Result? Election { get; private set; }

    /// <summary>The groups taken and given up, oldest first, at most <see cref="MaxHistory"/>.</summary>
    public IReadOnlyCollection<GroupChange> History => _history;

    /// <summary>
    /// Follows a plan (a new configuration version). Another identity or another set of directors forgets what was
    /// heard and listens afresh, as a director that just started; groups that no longer exist are given up.
    /// </summary>
    public IReadOnlyList<string> Follow(ClusterPlan plan, DateTimeOffset now)
    {
        if (Plan is null || Plan.Self != plan.Self || !Plan.Peers.Select(p => p.Name).SequenceEqual(plan.Peers.Select(p => p.Name)))
        {
            _peers.Clear();
            foreach (var peer in plan.Peers)
            {
                _peers[peer.Name] = new Peer();
            }
            _listeningSince = now;
        }
        Plan = plan;
        var gone = _held.Where(g => plan.GroupIndex(g) < 0 || plan.Self is null).ToList();
        _held.ExceptWith(gone);
        return gone;
    }

    /// <summary>A heartbeat from another director arrived, on whichever path.</summary>
    public void Heard(ClusterHeartbeat packet, DateTimeOffset at)
    {
        if (_peers.TryGetValue(packet.Sender, out var peer))
        {
            (peer.LastHeard, peer.Packet, peer.Warned) = (at, packet, false);
        }
    }

    /// <summary>When something is next due (a director's dead line, a warning, the end of initdead); null when nothing is.</summary>
    public DateTimeOffset? NextDeadline(DateTimeOffset now)
    {
        if (Plan is not { } plan)
        {
            return null;
        }
        var due = new List<DateTimeOffset>();
        foreach (var peer in _peers.Values)
        {
            var since = peer.LastHeard ?? _listeningSince;
            due.Add(since + (peer.LastHeard is null ? plan.InitDead : plan.DeadAfter));
            due.Add(since + plan.QuorumWindow);
            if (plan.WarnTime > TimeSpan.Zero && peer.LastHeard is { } heard && !peer.Warned)
            {
                due.Add(heard + plan.WarnTime);
            }
        }
        return due.Where(d => d > now).Order().Cast<DateTimeOffset?>().FirstOrDefault();
    }

    /// <summary>Decides now: the election, and what to take and give up; the caller does it and the held groups change with it.</summary>
    public Decision Step(DateTimeOffset now)
    {
        var plan = Plan ?? throw new InvalidOperationException("no plan to follow yet");
        var notices = new List<string>();
        var views = new Dictionary<string, MemberView>(StringComparer.Ordinal);
        var heardForQuorum = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, peer) in _peers)
        {
            views[name] = ViewOf(name, peer, plan, now, notices);
            if (peer.LastHeard is { } heard && now - heard <= plan.QuorumWindow)
            {
                heardForQuorum.Add(name);
            }
        }
        if (plan.Self is { } self)
        {
            views[self] = new MemberView(self, MemberLiveness.Alive, Condition, _held);
        }
        var election = ClusterElection.Decide(plan.Topology, plan.Self ?? "", views, plan.Quorum, Moves, heardForQuorum);
        Election = election;
        var take = new List<GroupChange>();
        var release = new List<GroupChange>();
        foreach (var outcome in election.Groups)
        {
            var holds = _held.Contains(outcome.Group);
            if (outcome.Active == plan.Self && plan.Self is not null && !holds)
            {
                take.Add(Record(new GroupChange(now, outcome.Group, true, outcome.Reason)));
                _held.Add(outcome.Group);
            }
            else if (outcome.Active != plan.Self && holds && ReleaseNow(outcome, election, views) is var (why, handedOver))
            {
                release.Add(Record(new GroupChange(now, outcome.Group, false, why, handedOver)));
                _held.Remove(outcome.Group);
            }
        }
        if (Draining && _held.Count == 0)
        {
            (Draining, Paused) = (false, true);
            notices.Add("drained: every group is with another director; paused");
        }
        return new Decision(take, release, notices, election);
    }

    // Why a group this director holds but is not to run goes now and whether it was handed over, or null to keep it
    // until its new director has it.
    private (string Why, bool HandedOver)? ReleaseNow(ClusterElection.GroupOutcome outcome, ClusterElection.Result election, Dictionary<string, MemberView> views)
    {
        if (!election.HasQuorum)
        {
            return (election.Quorum, false);
        }
        if (Condition is MemberCondition.Stopped or MemberCondition.Fault)
        {
            return (Condition == MemberCondition.Stopped ? "stopped by the operator" : Fault!, false);
        }
        if (outcome.Active is not { } next)
        {
            return (outcome.Reason, false);
        }
        return views.TryGetValue(next, out var view) && view.Holds.Contains(outcome.Group) ? ($"{next} has taken it over ({outcome.Reason})", true) : null;
    }

    private MemberView ViewOf(string name, Peer peer, ClusterPlan plan, DateTimeOffset now, List<string> notices)
    {
        var alive = peer.LastHeard is { } heard && now - heard <= plan.DeadAfter;
        if (alive != peer.Alive)
        {
            notices.Add(alive ? $"{name} heard" : $"{name} silent on every path for more than {plan.DeadAfter.TotalSeconds:0.###} s");
            peer.Alive = alive;
        }
        if (alive && plan.WarnTime > TimeSpan.Zero && !peer.Warned && now - peer.LastHeard!.Value > plan.WarnTime)
        {
            notices.Add($"late heartbeat from {name}: {(now - peer.LastHeard.Value).TotalMilliseconds:0} ms since the last (warntime {plan.WarnTime.TotalSeconds:0.###} s)");
            peer.Warned = true;
        }
        var liveness = alive ? MemberLiveness.Alive
            : peer.LastHeard is null && now - _listeningSince < plan.InitDead ? MemberLiveness.Unknown
            : MemberLiveness.Dead;
        var packet = peer.Packet;
        var otherLayout = packet is not null && packet.Layout != plan.Layout;
        if (otherLayout != peer.OtherLayout)
        {
            notices.Add(otherLayout ? $"{name} has other failover groups (another configuration version?): what it holds is not read until it has these"
                : $"{name} has the same failover groups again");
            peer.OtherLayout = otherLayout;
        }
        IReadOnlySet<string> holds = packet is null ? new HashSet<string>() : plan.GroupsHeldBy(packet).ToHashSet(StringComparer.Ordinal);
        return new MemberView(name, liveness, packet?.Condition ?? MemberCondition.Online, holds);
    }

    private GroupChange Record(GroupChange change)
    {
        _history.Enqueue(change);
        while (_history.Count > MaxHistory)
        {
            _history.Dequeue();
        }
        return change;
    }

    /// <summary>The indexes, in the plan's group order, of the groups held: what heartbeats carry.</summary>
    public IReadOnlySet<int> HeldIndexes() => Plan is { } plan ? _held.Select(plan.GroupIndex).Where(i => i >= 0).ToHashSet() : new HashSet<int>();

    /// <summary>The peer's last heartbeat and when it came, for the status; null before the first.</summary>
    public (ClusterHeartbeat Packet, DateTimeOffset At)? LastFrom(string director) =>
        _peers.TryGetValue(director, out var peer) && peer.Packet is { } packet ? (packet, peer.LastHeard!.Value) : null;
}
