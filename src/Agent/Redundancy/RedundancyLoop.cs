using PiranhaNet.Agent.Runtime;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// This director's part in the primary/backup pair (and, when the configuration is a cluster's, the loop that drives
/// <see cref="ClusterRedundancy"/> instead): a loop that, whenever something is due or a heartbeat arrives,
/// follows the version in force (<see cref="RedundancyPlan"/>), sends heartbeats every <c>keepalive</c>, lets the
/// <see cref="DirectorStateMachine"/> (the one owner of the redundancy state) decide, and on a change takes or gives
/// up the floating addresses (<see cref="ITakeoverActions"/>). A monitored link without carrier or a failed failover
/// service check (<see cref="FailoverServiceWatch"/>) is a fault, which hands over. The table is loaded on both
/// directors all along, so a takeover is only addresses and announcements. The heartbeats never go through the
/// dashboard: a director keeps its peer and fails over while the dashboard is down.
/// </summary>
internal sealed partial class RedundancyLoop(LatestValue<AppliedVersion> versions, HeartbeatKeyring keys, IHeartbeatLinks links, ITakeoverActions actions,
    FailoverServiceWatch failoverServices, INetworkDevices devices, RedundancyStatusPublisher status, AgentSignals signals, ClusterRedundancy cluster,
    TimeProvider time, ILogger<RedundancyLoop> logger) : BackgroundService
{
    // How often the plan is made again without a new version: addresses a director holds can change under it.
    private static readonly TimeSpan s_replanInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_announceAgainAfter = TimeSpan.FromSeconds(1);
    // The longest the loop sleeps: how soon a lost carrier or a due failover-service check is noticed.
    private static readonly TimeSpan s_longestSleep = TimeSpan.FromMilliseconds(250);

    // Guards the state machine, which the receiving threads feed with heartbeats.
    private readonly Lock _gate = new();
    // A new one each time the pair's part begins again (after the configuration was a cluster's for a while).
    private DirectorStateMachine _machine = new();
    private volatile bool _forced;
    private AppliedVersion? _planned;
    private long _plannedAt;
    private int _keysTaken = -1;
    private IHeartbeatLink? _link;
    private long _lastSent;
    private DateTimeOffset? _announceAgainAt;
    private readonly TakeoverFailures _failures = new(logger);
    // Each heartbeat path's last state, so its changes are logged once each.
    private readonly Dictionary<string, bool> _pathsUp = new(StringComparer.Ordinal);

    /// <summary>New keys from the dashboard: kept, and used from the next round.</summary>
    public void SetKeys(HeartbeatKeyMessage message)
    {
        if (keys.Set(message))
        {
            signals.RedundancyDue.Set();
        }
    }

    /// <summary>The operator paused, drained or resumed this director, or moved groups: taken from the next round.</summary>
    public void SetClusterOperations(ClusterOperationsMessage operations)
    {
        cluster.SetOperations(operations);
        signals.RedundancyDue.Set();
    }

    /// <summary>The operator made this director active (true) or the other one (false).</summary>
    public void MakeActive(bool active)
    {
        _forced = active;
        if (active)
        {
            LogMadeActive(logger);
        }
        else
        {
            LogReleased(logger);
        }
        signals.RedundancyDue.Set();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        keys.Load();
        cluster.RestoreOperations();
        var following = FollowVersionsAsync(stoppingToken);
        try
        {
            while (true)
            {
                await StepAsync(stoppingToken);
                await signals.RedundancyDue.WaitAsync(NextSleep(), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await following;
        await StopAsync();
    }

    // A new version in force is a reason to look now.
    private async Task FollowVersionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in versions.FollowAsync(cancellationToken))
            {
                signals.RedundancyDue.Set();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One round: plan, decide, act on a change, heartbeat, publish. Called by the loop (and by tests, on a fake clock).</summary>
    internal async Task StepAsync(CancellationToken cancellationToken)
    {
        if (versions.Current is not { } applied)
        {
            return;   // nothing applied yet: no role, no addresses
        }
        // A cluster (failover groups, directors beyond the pair) has its own part; the pair's waits, holding nothing.
        if (ClusterPlan.IsCluster(applied.Config))
        {
            if (_machine.Plan is not null)
            {
                await StopAsync();
                (_machine, _planned) = (new DirectorStateMachine(), null);
            }
            await cluster.StepAsync(applied, cancellationToken);
            return;
        }
        if (cluster.Following)
        {
            await cluster.LeaveAsync();
        }
        var now = time.GetUtcNow();
        if (!ReferenceEquals(applied, _planned) || keys.Generation != _keysTaken || time.GetElapsedTime(_plannedAt) > s_replanInterval)
        {
            await ReplanAsync(applied, cancellationToken);
        }
        var plan = _machine.Plan!;
        FailoverRecord? change;
        lock (_gate)
        {
            _machine.Stopped = !applied.Running;
            _machine.Forced = _forced;
            _machine.Fault = LinkFault(plan) ?? failoverServices.Fault(now);
            change = _machine.Evaluate(now);
        }
        // The peer hears of a change before the takeover's steps, which can take seconds on a slow machine: silent
        // meanwhile, this director would look dead to its peer, which would take over too.
        if (change is not null || time.GetElapsedTime(_lastSent) >= plan.Keepalive)
        {
            await SendHeartbeatAsync(plan, cancellationToken);
        }
        if (change is not null)
        {
            await TransitionAsync(change, applied.Config, cancellationToken);
        }
        failoverServices.Tick(applied.Config.FailoverServices, _machine.State == DirectorState.Active, now, cancellationToken);
        if (_announceAgainAt <= now)
        {
            _announceAgainAt = null;
            actions.AnnounceAgain();
        }
        Publish(plan);
    }

    private async Task SendHeartbeatAsync(RedundancyPlan plan, CancellationToken cancellationToken)
    {
        if (_link is not null && plan.Role is { } role)
        {
            _lastSent = time.GetTimestamp();
            await _link.SendAsync(role, _machine.State, _forced, cancellationToken);
        }
    }

    // Until the next thing due: a heartbeat to send, the moment the peer would count as dead, a repeated
    // announcement; at most s_longestSleep. Heartbeats that arrive wake the loop sooner.
    private TimeSpan NextSleep()
    {
        if (cluster.Following)
        {
            return cluster.NextSleep();
        }
        var now = time.GetUtcNow();
        var sleep = s_longestSleep;
        if (_link is not null && _machine.Plan is { } plan)
        {
            sleep = Min(sleep, plan.Keepalive - time.GetElapsedTime(_lastSent));
            lock (_gate)
            {
                // A dead line already passed (the peer is gone) is no reason to wake early again.
                if (_machine.PeerDeadline is { } deadline && deadline > now)
                {
                    sleep = Min(sleep, deadline - now + TimeSpan.FromMilliseconds(1));
                }
            }
        }
        if (_announceAgainAt is { } again)
        {
            sleep = Min(sleep, again - now);
        }
        return sleep < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : sleep;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task ReplanAsync(AppliedVersion applied, CancellationToken cancellationToken)
    {
        var plan = RedundancyPlan.For(applied.Config, devices.LocalAddresses());
        var previous = _machine.Plan;
        (_planned, _plannedAt, _keysTaken) = (applied, time.GetTimestamp(), keys.Generation);
        if (previous is null)
        {
            // Addresses left behind by a director that was killed while active go first: this one starts standing by.
            _failures.Add(actions.Release(plan.Addresses));
            _failures.Add(await actions.SyncAsync(applied.Config.Global.SyncDaemon, SyncRoles.Backup, cancellationToken));
        }
        var usable = keys.Usable(time.GetUtcNow());
        bool heartbeating;
        lock (_gate)
        {
            _machine.Follow(plan, hasKey: usable.Count > 0, time.GetUtcNow());
            heartbeating = _machine.Heartbeating && plan.Paths.Count > 0;
        }
        // New sockets only for new paths; new keys (a rotation, its switch time, the first key) go to the sockets in place.
        if (previous is null || !previous.Paths.SequenceEqual(plan.Paths) || previous.Port != plan.Port || previous.Role != plan.Role
            || (_link is not null) != heartbeating)
        {
            await ReplaceLinkAsync(plan, usable, heartbeating);
        }
        else
        {
            _link?.SetKeys(usable);
        }
        if (_machine.State == DirectorState.Active && previous is not null)
        {
            _failures.Add(actions.Release(previous.Addresses.Except(plan.Addresses)));
            _failures.Add(actions.Take(plan.Addresses));
        }
    }

    private async Task ReplaceLinkAsync(RedundancyPlan plan, IReadOnlyList<byte[]> usable, bool heartbeating)
    {
        if (_link is not null)
        {
            await _link.DisposeAsync();
            _link = null;
        }
        if (!heartbeating)
        {
            return;
        }
        var role = plan.Role!.Value;
        _link = links.Open(plan.Paths, plan.Port, usable, packet =>
        {
            // A heartbeat of this director's own role is a misconfiguration or an echo; it says nothing of the peer.
            if (packet.Role != role)
            {
                lock (_gate)
                {
                    _machine.Heard(packet, time.GetUtcNow());
                }
                signals.RedundancyDue.Set();
            }
        });
    }

    private string? LinkFault(RedundancyPlan plan) => TakeoverFailures.LinkFault(plan.MonitorLinks, plan.Addresses, devices);

    private async Task TransitionAsync(FailoverRecord change, LvsConfig config, CancellationToken cancellationToken)
    {
        _failures.Clear();
        LogTransition(logger, change.From.ToString().ToLowerInvariant(), change.To.ToString().ToLowerInvariant(), change.Reason);
        var active = change.To == DirectorState.Active;
        if (active)
        {
            // The sync master first: a connection that arrives the moment the addresses are up is copied to the peer too.
            _failures.Add(await actions.SyncAsync(config.Global.SyncDaemon, active ? SyncRoles.Master : SyncRoles.Backup, cancellationToken));
            _failures.Add(actions.Take(_machine.Plan!.Addresses));
            _announceAgainAt = change.At + s_announceAgainAfter;
        }
        else
        {
            if (change.From == DirectorState.Active)
            {
                _failures.Add(actions.Release());
            }
            _failures.Add(await actions.SyncAsync(config.Global.SyncDaemon, active ? SyncRoles.Master : SyncRoles.Backup, cancellationToken));
        }
        if (active || change.From == DirectorState.Active)
        {
            _failures.RunSoon(actions, Commands(config, active), cancellationToken);
        }
    }

    // The operator's commands for a takeover (active) or a step-down, in Piranha's order.
    private static List<(string, string?)> Commands(LvsConfig config, bool active)
    {
        var services = config.FailoverServices.Where(f => f.Active);
        return active
            ? [.. services.Select(f => ($"start_cmd of failover service {f.Name}", f.StartCommand)), ("active_cmd", config.Global.ActiveCommand)]
            : [.. services.Select(f => ($"stop_cmd of failover service {f.Name}", f.StopCommand)), ("inactive_cmd", config.Global.InactiveCommand)];
    }

    // Commands may take seconds; the loop must keep sending heartbeats meanwhile, or the peer would think this director dead.
    private void Publish(RedundancyPlan plan)
    {
        RedundancyStatus current;
        lock (_gate)
        {
            current = new RedundancyStatus(plan.Role, _machine.State, _machine.Reason, _forced, _machine.Peer?.State,
                (_link?.Status(plan.Deadtime) ?? []).ToEquatableArray(), _machine.History.ToEquatableArray(),
                actions.Held.Select(a => a.ToString()).ToEquatableArray(), keys.Fingerprint, _failures.Last);
        }
        LogPathChanges(current.Paths, plan.Deadtime);
        status.Publish(current);
    }

    // A path's first heartbeat, and each later change between heard and silent, is worth a line: an operator sees a
    // cut cable before the pair fails over (and a test sees that the silence was noticed).
    private void LogPathChanges(IEnumerable<HeartbeatPathStatus> paths, TimeSpan deadtime)
    {
        foreach (var path in paths)
        {
            // A path not seen before counts as down: its first heartbeat is a change, its silence from the start is not.
            var wasUp = _pathsUp.TryGetValue(path.Name, out var up) && up;
            if (path.Up != wasUp)
            {
                if (path.Up)
                {
                    LogPathUp(logger, path.Name, path.Local, path.Peer);
                }
                else
                {
                    LogPathDown(logger, path.Name, path.Local, path.Peer, deadtime.TotalSeconds);
                }
            }
            _pathsUp[path.Name] = path.Up;
        }
    }

    // On the way out: give up what it holds and tell the peer at once, instead of after the dead time.
    private async Task StopAsync()
    {
        if (cluster.Following)
        {
            await cluster.LeaveAsync();
        }
        try
        {
            if (_machine.State == DirectorState.Active)
            {
                _failures.Add(actions.Release());
            }
            if (_link is not null && _machine.Plan?.Role is { } role)
            {
                await _link.SendAsync(role, DirectorState.Stopped, forced: false, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is FloatingAddressException or System.Net.Sockets.SocketException)
        {
            LogStopFailed(logger, e.Message);
        }
        if (_link is not null)
        {
            await _link.DisposeAsync();
            _link = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{From} -> {To}: {Reason}")]
    private static partial void LogTransition(ILogger logger, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "heartbeat path {Path} ({Local} to {Peer}) up")]
    private static partial void LogPathUp(ILogger logger, string path, string local, string peer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "heartbeat path {Path} ({Local} to {Peer}) down: nothing heard for more than {Deadtime} s")]
    private static partial void LogPathDown(ILogger logger, string path, string local, string peer, double deadtime);

    [LoggerMessage(Level = LogLevel.Information, Message = "made active by the operator")]
    private static partial void LogMadeActive(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "released: the operator made the other director active")]
    private static partial void LogReleased(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopping redundancy: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, string reason);
}
