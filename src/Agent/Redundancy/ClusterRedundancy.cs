using PiranhaNet.Agent.Persistence;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// This director's part in a cluster (a configuration with failover groups or more than two directors), one round at
/// a time as the <see cref="RedundancyLoop"/> calls it: follows the version in force (<see cref="ClusterPlan"/>), sends
/// heartbeats to every other director every <c>keepalive</c> and at once on a change, lets the
/// <see cref="ClusterMachine"/> decide, and takes or gives up each group's floating addresses. Every director runs the
/// sync daemon as master and backup at once (it serves some groups and stands by for others), so a group's next
/// director already holds its connections when the group moves. A director taking its first group runs
/// <c>active_cmd</c>; giving up its last, <c>inactive_cmd</c>. A failover service's <c>start_cmd</c> and <c>stop_cmd</c> run with its group. Called from the loop only; heartbeats reach the machine from the link's threads under a lock.
/// </summary>
internal sealed partial class ClusterRedundancy(HeartbeatKeyring keys, IClusterLinks links, ITakeoverActions actions, FailoverServiceWatch failoverServices,
    INetworkDevices devices, RedundancyStatusPublisher status, AgentSignals signals, ClusterOperationsFile operationsFile, TimeProvider time,
    ILogger<ClusterRedundancy> logger)
{
    private static readonly TimeSpan s_replanInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_announceAgainAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_longestSleep = TimeSpan.FromMilliseconds(250);
    // How long a handed-over group's addresses stay after its new director has them: a neighbour that learnt this
    // director's MAC ignores the new one's announcement for up to a second (Linux's locktime) and follows its second,
    // a second later; a connection it makes meanwhile still arrives here and is still served.
    private static readonly TimeSpan s_handoverLinger = TimeSpan.FromSeconds(1.5);

    // Guards the machine, which the receiving threads feed with heartbeats.
    private readonly Lock _gate = new();
    private readonly ClusterMachine _machine = new();
    private AppliedVersion? _planned;
    private long _plannedAt;
    private int _keysTaken = -1;
    private IClusterLink? _link;
    private long _lastSent;
    private DateTimeOffset? _announceAgainAt;
    private bool _contested;
    private readonly TakeoverFailures _failures = new(logger);
    // Handed-over groups whose addresses are still here, with when they go.
    private readonly Dictionary<string, (DateTimeOffset Due, IReadOnlyList<FloatingAddress> Addresses)> _lingering = new(StringComparer.Ordinal);

    /// <summary>
    /// The operator's pause, drain or resume of this director, and the groups moved; when they change, kept in the
    /// state directory and then logged (so a line in the log means the file has them).
    /// </summary>
    public void SetOperations(ClusterOperationsMessage operations)
    {
        Taken? taken;
        lock (_gate)
        {
            taken = Take(operations);
        }
        if (taken is null)
        {
            return;
        }
        try
        {
            operationsFile.Save(taken.Kept);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotKept(logger, operationsFile.Path, e.Message);
        }
        LogOperations(logger, taken.Condition, taken.Moves);
    }

    /// <summary>Takes the operations kept by the last run, if any: called once, before the dashboard can send newer ones.</summary>
    public void RestoreOperations()
    {
        if (operationsFile.Load() is not { } kept)
        {
            return;
        }
        Taken? taken;
        lock (_gate)
        {
            taken = Take(kept);
        }
        if (taken is not null)
        {
            LogOperations(logger, taken.Condition, taken.Moves);
        }
    }

    // What the operations changed: the state to keep, and how the log says it.
    private sealed record Taken(ClusterOperationsMessage Kept, string Condition, string Moves);

    // Sets the machine's pause, drain and moves; what changed, or null when nothing did.
    private Taken? Take(ClusterOperationsMessage operations)
    {
        var before = (_machine.Paused, _machine.Draining, Moves: string.Join(",", _machine.Moves.Select(m => $"{m.Key}>{m.Value}")));
        // A drain that finished paused this director: the dashboard still says draining, which changes nothing more.
        var drained = operations.Draining && _machine.Paused && !_machine.Draining;
        (_machine.Paused, _machine.Draining) = (operations.Paused || drained, operations.Draining && !drained);
        _machine.Moves = operations.Moves.ToDictionary(m => m.Group, m => m.Director, StringComparer.Ordinal);
        var after = (_machine.Paused, _machine.Draining, Moves: string.Join(",", _machine.Moves.Select(m => $"{m.Key}>{m.Value}")));
        return before == after ? null : new Taken(new ClusterOperationsMessage(_machine.Paused, _machine.Draining, operations.Moves),
            _machine.Draining ? "draining" : _machine.Paused ? "paused" : "online",
            _machine.Moves.Count == 0 ? "none" : string.Join(", ", _machine.Moves.Select(m => $"{m.Key} to {m.Value}")));
    }

    /// <summary>True once a cluster version was followed (and until <see cref="LeaveAsync"/>).</summary>
    public bool Following => _planned is not null;

    /// <summary>One round: plan, decide, heartbeat, act on what changed, publish.</summary>
    public async Task StepAsync(AppliedVersion applied, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!ReferenceEquals(applied, _planned) || keys.Generation != _keysTaken || time.GetElapsedTime(_plannedAt) > s_replanInterval)
        {
            await ReplanAsync(applied, cancellationToken);
        }
        var plan = _machine.Plan!;
        ClusterMachine.Decision decision;
        lock (_gate)
        {
            _machine.Stopped = !applied.Running;
            _machine.Fault = LinkFault(plan) ?? failoverServices.Fault(now);
            decision = _machine.Step(now);
        }
        var changed = decision.Take.Count + decision.Release.Count > 0;
        foreach (var notice in decision.Notices)
        {
            LogNotice(logger, notice);
        }
        // The steps first, then the heartbeat: the source of a move gives way when the target says it holds the group,
        // so the target says so once its addresses are up and announced (make-before-break).
        if (changed)
        {
            Act(decision, plan, applied.Config, cancellationToken);
        }
        EndLingering(now, plan);
        if (changed || time.GetElapsedTime(_lastSent) >= plan.Keepalive)
        {
            await SendHeartbeatAsync(plan, decision.Election.HasQuorum, cancellationToken);
        }
        var heldServices = applied.Config.FailoverServices.Where(f => _machine.Held.Contains(ClusterTopology.GroupOf(applied.Config, f.Group)));
        failoverServices.Tick(heldServices, _machine.Held.Count > 0, now, cancellationToken);
        // Another director that thought this one dead may claim a group this one still holds, and neighbours follow its
        // announcement; when it gives the group back, nothing would call them back here. So this director announces its
        // addresses again when such a claim starts and when it ends: those of the groups it holds, never those it let go
        // and still lingers on after a planned move, which would call the neighbours back from the group's new director.
        var contested = ClaimedByAnother(plan, now);
        if (contested != _contested)
        {
            _contested = contested;
            actions.AnnounceAgain(HeldAddresses(plan));
        }
        if (_announceAgainAt <= now)
        {
            _announceAgainAt = null;
            actions.AnnounceAgain(HeldAddresses(plan));
        }
        Publish(plan, decision.Election);
    }

    // The addresses of the groups this director holds now.
    private HashSet<FloatingAddress> HeldAddresses(ClusterPlan plan)
    {
        lock (_gate)
        {
            return [.. _machine.Held.SelectMany(group => plan.Addresses.GetValueOrDefault(group, []))];
        }
    }

    // Whether a director heard within the dead time says it holds a group this one holds.
    private bool ClaimedByAnother(ClusterPlan plan, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _machine.Held.Count > 0 && plan.Peers.Any(peer => _machine.LastFrom(peer.Name) is { } last && now - last.At <= plan.Deadtime
                && plan.GroupsHeldBy(last.Packet).Any(_machine.Held.Contains));
        }
    }

    /// <summary>Until the next thing due: a heartbeat, a director's dead line or warning, a repeated announcement; at most 250 ms.</summary>
    public TimeSpan NextSleep()
    {
        var now = time.GetUtcNow();
        var sleep = s_longestSleep;
        if (_machine.Plan is { } plan)
        {
            sleep = Min(sleep, plan.Keepalive - time.GetElapsedTime(_lastSent));
            lock (_gate)
            {
                if (_machine.NextDeadline(now) is { } due)
                {
                    sleep = Min(sleep, due - now + TimeSpan.FromMilliseconds(1));
                }
            }
        }
        if (_announceAgainAt is { } again)
        {
            sleep = Min(sleep, again - now);
        }
        foreach (var (due, _) in _lingering.Values)
        {
            sleep = Min(sleep, due - now);
        }
        return sleep < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : sleep;
    }

    // Removes the addresses of handed-over groups whose time is up (not those of a group held again meanwhile).
    private void EndLingering(DateTimeOffset now, ClusterPlan plan)
    {
        foreach (var (group, (due, addresses)) in _lingering.Where(l => l.Value.Due <= now).ToList())
        {
            _lingering.Remove(group);
            var held = _machine.Held.SelectMany(g => plan.Addresses.GetValueOrDefault(g, [])).ToHashSet();
            _failures.Add(actions.Release(addresses.Where(a => !held.Contains(a))));
        }
    }

    /// <summary>Gives up every group and tells the others at once (stopping, or the configuration is no longer a cluster).</summary>
    public async Task LeaveAsync()
    {
        try
        {
            if (_machine.Plan is { } plan)
            {
                _failures.Add(actions.Release(_machine.Held.SelectMany(g => plan.Addresses.GetValueOrDefault(g, [])).Concat(_lingering.Values.SelectMany(l => l.Addresses))));
                _lingering.Clear();
                lock (_gate)
                {
                    _machine.Stopped = true;
                    _machine.Step(time.GetUtcNow());
                }
                await SendHeartbeatAsync(plan, hasQuorum: false, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is FloatingAddressException or System.Net.Sockets.SocketException)
        {
            LogLeaveFailed(logger, e.Message);
        }
        if (_link is not null)
        {
            await _link.DisposeAsync();
            _link = null;
        }
        _planned = null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task ReplanAsync(AppliedVersion applied, CancellationToken cancellationToken)
    {
        var plan = ClusterPlan.For(applied.Config, devices.LocalAddresses());
        var previous = _machine.Plan;
        var first = _planned is null;
        var newVersion = !ReferenceEquals(applied, _planned);
        (_planned, _plannedAt, _keysTaken) = (applied, time.GetTimestamp(), keys.Generation);
        if (first)
        {
            // Addresses left behind by a director that was killed while it held groups go first: this one starts holding none.
            _failures.Add(actions.Release(plan.Addresses.Values.SelectMany(a => a)));
        }
        if (newVersion)
        {
            // Per version, not per replan (every 5 s): only a version changes the daemon's interface or id.
            _failures.Add(await actions.SyncAsync(applied.Config.Global.SyncDaemon, SyncRoles.Both, cancellationToken));
        }
        IReadOnlyList<string> gone;
        lock (_gate)
        {
            gone = _machine.Follow(plan, time.GetUtcNow());
        }
        if (previous is not null)
        {
            // Groups gone, and addresses no longer in a held group, go; addresses new to a held group come.
            _failures.Add(actions.Release(gone.SelectMany(g => previous.Addresses.GetValueOrDefault(g, []))));
            var keep = _machine.Held.SelectMany(g => plan.Addresses.GetValueOrDefault(g, [])).ToList();
            _failures.Add(actions.Release(_machine.Held.SelectMany(g => previous.Addresses.GetValueOrDefault(g, [])).Except(keep)));
            _failures.Add(actions.Take(keep));
        }
        var usable = keys.Usable(time.GetUtcNow());
        var heartbeating = plan.Self is not null && usable.Count > 0 && plan.Peers.Count > 0;
        if (first || previous is null || !SamePaths(previous, plan) || (_link is not null) != heartbeating)
        {
            if (_link is not null)
            {
                await _link.DisposeAsync();
                _link = null;
            }
            if (heartbeating)
            {
                var locals = string.Join(", ", plan.Peers.SelectMany(p => p.Paths).Select(p => p.Local).Distinct());
                LogHeartbeating(logger, plan.Multicast is { } group ? $"multicast group {group}:{plan.Port}" : $"{string.Join(", ", plan.Peers.Select(p => p.Name))} on port {plan.Port}", locals);
                _link = links.Open(plan.Peers, plan.Port, plan.Multicast, usable, packet =>
                {
                    lock (_gate)
                    {
                        _machine.Heard(packet, time.GetUtcNow());
                    }
                    signals.RedundancyDue.Set();
                });
            }
        }
        else
        {
            _link?.SetKeys(usable);
        }
    }

    private static bool SamePaths(ClusterPlan a, ClusterPlan b) =>
        a.Port == b.Port && Equals(a.Multicast, b.Multicast) && a.Self == b.Self && a.Peers.Count == b.Peers.Count
        && a.Peers.Zip(b.Peers).All(p => p.First.Name == p.Second.Name && p.First.Paths.SequenceEqual(p.Second.Paths));

    private async Task SendHeartbeatAsync(ClusterPlan plan, bool hasQuorum, CancellationToken cancellationToken)
    {
        if (_link is null || plan.Self is not { } self)
        {
            return;
        }
        _lastSent = time.GetTimestamp();
        ClusterHeartbeat heartbeat;
        lock (_gate)
        {
            heartbeat = new ClusterHeartbeat(self, _machine.Condition, hasQuorum, 0, default, plan.Layout, _machine.HeldIndexes());
        }
        await _link.SendAsync(heartbeat, cancellationToken);
    }

    private void Act(ClusterMachine.Decision decision, ClusterPlan plan, LvsConfig config, CancellationToken cancellationToken)
    {
        _failures.Clear();
        var holdsNow = _machine.Held.Count;
        var heldBefore = holdsNow - decision.Take.Count + decision.Release.Count;
        foreach (var change in decision.Release)
        {
            LogGroup(logger, change.Group, "released", change.Reason);
            var addresses = plan.Addresses.GetValueOrDefault(change.Group, []);
            if (change.HandedOver)
            {
                _lingering[change.Group] = (change.At + s_handoverLinger, addresses);
            }
            else
            {
                _failures.Add(actions.Release(addresses));
            }
        }
        foreach (var change in decision.Take)
        {
            _lingering.Remove(change.Group);
            LogGroup(logger, change.Group, "taken", change.Reason);
            _failures.Add(actions.Take(plan.Addresses.GetValueOrDefault(change.Group, [])));
            _announceAgainAt = change.At + s_announceAgainAfter;
        }
        var commands = new List<(string, string?)>();
        foreach (var change in decision.Release.Concat(decision.Take))
        {
            foreach (var service in config.FailoverServices.Where(f => f.Active && ClusterTopology.GroupOf(config, f.Group) == change.Group))
            {
                commands.Add(change.Taken ? ($"start_cmd of failover service {service.Name}", service.StartCommand) : ($"stop_cmd of failover service {service.Name}", service.StopCommand));
            }
        }
        if (heldBefore == 0 && holdsNow > 0)
        {
            commands.Add(("active_cmd", config.Global.ActiveCommand));
        }
        else if (heldBefore > 0 && holdsNow == 0)
        {
            commands.Add(("inactive_cmd", config.Global.InactiveCommand));
        }
        _failures.RunSoon(actions, commands, cancellationToken);
    }

    private string? LinkFault(ClusterPlan plan) => TakeoverFailures.LinkFault(plan.MonitorLinks, plan.Addresses.Values.SelectMany(a => a), devices);

    // The pair's fields say what a pair would: active while it holds a group; the cluster's say the rest.
    private void Publish(ClusterPlan plan, ClusterElection.Result election)
    {
        RedundancyStatus current;
        lock (_gate)
        {
            var condition = _machine.Condition;
            var state = condition switch
            {
                MemberCondition.Stopped => DirectorState.Stopped,
                MemberCondition.Fault => DirectorState.Fault,
                _ => _machine.Held.Count > 0 ? DirectorState.Active : DirectorState.Standby,
            };
            var reason = plan.Self is null ? plan.Note
                : _machine.Held.Count > 0 ? $"{plan.Self}: holds {string.Join(", ", _machine.Held.Order(StringComparer.Ordinal))}"
                : $"{plan.Self}: {condition.ToString().ToLowerInvariant()}, holds no group";
            var peers = plan.Peers.Select(p =>
            {
                var last = _machine.LastFrom(p.Name);
                var paths = (_link?.Status(p.Name, plan.Deadtime) ?? []).ToEquatableArray();
                var holds = last is { } heard ? plan.GroupsHeldBy(heard.Packet).ToEquatableArray() : EquatableArray<string>.Empty;
                return new ClusterPeerStatus(p.Name, paths.Any(x => x.Up), last?.Packet.Condition, holds, paths);
            }).ToEquatableArray();
            var cluster = new ClusterStatus(plan.Self, condition, election.HasQuorum, election.Quorum,
                election.Groups.Select(g => new GroupStatus(g.Group, g.Active, g.Reason, _machine.Held.Contains(g.Group))).ToEquatableArray(), peers,
                _machine.History.Select(c => new GroupChangeRecord(c.At, c.Group, c.Taken, c.Reason)).ToEquatableArray());
            // The group changes as failovers too, so the dashboard's failover history keeps every move with its reason.
            var failovers = _machine.History.TakeLast(DirectorStateMachine.MaxHistory).Select(c => new FailoverRecord(c.At,
                c.Taken ? DirectorState.Standby : DirectorState.Active, c.Taken ? DirectorState.Active : state == DirectorState.Active ? DirectorState.Standby : state,
                c.Reason, c.Group)).ToEquatableArray();
            current = new RedundancyStatus(null, state, reason, false, null, peers.SelectMany(p => p.Paths).ToEquatableArray(), failovers,
                actions.Held.Select(a => a.ToString()).ToEquatableArray(), keys.Fingerprint, _failures.Last, cluster);
        }
        status.Publish(current);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "group {Group} {What}: {Reason}")]
    private static partial void LogGroup(ILogger logger, string group, string what, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "operator: this director {Condition}; groups moved: {Moves}")]
    private static partial void LogOperations(ILogger logger, string condition, string moves);

    [LoggerMessage(Level = LogLevel.Information, Message = "heartbeats to {To} from {Locals}")]
    private static partial void LogHeartbeating(ILogger logger, string to, string locals);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Notice}")]
    private static partial void LogNotice(ILogger logger, string notice);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the operator's operations could not be kept in {Path}: {Reason}")]
    private static partial void LogNotKept(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leaving the cluster: {Reason}")]
    private static partial void LogLeaveFailed(ILogger logger, string reason);
}
