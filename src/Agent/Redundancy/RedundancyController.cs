using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Agent.State;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// This director's part in the primary/backup pair. A loop that, whenever something is due or a heartbeat arrives, follows the applied configuration
/// (<see cref="RedundancyPlan"/>), sends heartbeats every <c>keepalive</c>, decides active or standby
/// (<see cref="DirectorStateMachine"/>) and on a change takes or gives up the floating addresses
/// (<see cref="TakeoverActions"/>). A monitored link without carrier or a failed failover service check
/// (<see cref="FailoverServiceWatch"/>) puts it at fault, which hands over. The IPVS table is loaded on both directors all along, so a takeover is
/// only addresses and announcements. The heartbeats never go through the dashboard: a director keeps its
/// peer and fails over while the dashboard is down.
/// </summary>
public sealed class RedundancyController : IAsyncDisposable
{
    private const int MaxFailovers = 20;
    private static readonly TimeSpan s_replanInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_announceAgainAfter = TimeSpan.FromSeconds(1);
    // The longest the loop sleeps: how soon a lost carrier, a due failover-service check or a new plan is noticed.
    private static readonly TimeSpan s_longestSleep = TimeSpan.FromMilliseconds(250);

    private readonly ConfigurationApplier _applier;
    private readonly HeartbeatKeyFile _keyFile;
    private readonly TakeoverActions _actions;
    private readonly FailoverServiceWatch _failoverServices;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    // Guards the state machine (fed by the receiving threads) and the published status.
    private readonly Lock _gate = new();
    private readonly Queue<FailoverRecord> _failovers = new();
    // Released when something needs a decision now: a heartbeat arrived, new keys, Make active.
    private readonly WakeSignal _wake = new();
    private HeartbeatKeyMessage? _keys;
    private string? _keyFingerprint;
    private volatile bool _keysChanged = true;
    private volatile bool _forced;
    private AppliedState? _planned;
    private long _plannedAt;
    private RedundancyPlan? _plan;
    private DirectorStateMachine? _machine;
    private HeartbeatLink? _link;
    private DirectorState _state = DirectorState.Standby;
    private string _reason = "starting";
    private string? _error;
    private long _lastSent;
    private DateTimeOffset? _announceAgainAt;
    private RedundancyStatus? _status;

    /// <summary>Follows <paramref name="applier"/>'s applied version; keys live in <paramref name="stateDirectory"/>.</summary>
    public RedundancyController(ConfigurationApplier applier, IDataplane dataplane, string stateDirectory, TimeProvider time, Action<string> log)
    {
        (_applier, _time, _log) = (applier, time, log);
        _keyFile = new HeartbeatKeyFile(stateDirectory);
        _actions = new TakeoverActions(dataplane, RtnetlinkAddresses.Open(), new NeighbourAnnouncer(), log);
        _failoverServices = new FailoverServiceWatch(time, log);
    }

    /// <summary>The state, a path or the peer changed: the dashboard should hear of it soon.</summary>
    public event Action? Changed;

    /// <summary>The status as of the last tick, or null before the first configuration.</summary>
    public RedundancyStatus? Status()
    {
        lock (_gate)
        {
            return _status;
        }
    }

    /// <summary>New keys from the dashboard: written to the state directory and used from the next tick.</summary>
    public void SetKeys(HeartbeatKeyMessage keys)
    {
        if (HeartbeatKey.TryDecode(keys.Key) is not { } key)
        {
            _log("ignored a heartbeat key that is not a 32-byte base64 key");
            return;
        }
        _keyFile.Save(keys);
        Remember(keys);
        _keysChanged = true;
        _log($"heartbeat key {HeartbeatKey.Fingerprint(key)} received");
        _wake.Set();
    }

    // The keys and, once, their fingerprint (the status shows it on every report).
    private void Remember(HeartbeatKeyMessage? keys)
    {
        lock (_gate)
        {
            _keys = keys;
            _keyFingerprint = HeartbeatKey.TryDecode(keys?.Key) is { } key ? HeartbeatKey.Fingerprint(key) : null;
        }
    }

    /// <summary>The operator made this director active (true) or the other one (false).</summary>
    public void MakeActive(bool active)
    {
        _forced = active;
        _log(active ? "made active by the operator" : "released: the operator made the other director active");
        _wake.Set();
    }

    /// <summary>Runs the loop until cancelled, then gives up what it holds and tells the peer it stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Remember(_keyFile.Load());
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await StepAsync(cancellationToken);
                await _wake.WaitAsync(NextSleep(), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await StopAsync();
    }

    // Until the next thing due: a heartbeat to send, the moment the peer would count as dead, a repeated
    // announcement; at most s_longestSleep. Heartbeats that arrive wake the loop sooner.
    private TimeSpan NextSleep()
    {
        var now = _time.GetUtcNow();
        var sleep = s_longestSleep;
        if (_link is not null && _plan is not null)
        {
            sleep = Min(sleep, _plan.Keepalive - _time.GetElapsedTime(_lastSent));
            lock (_gate)
            {
                // A dead line already passed (the peer is gone) is no reason to wake early again.
                if (_machine?.PeerDeadline is { } deadline && deadline > now)
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

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        if (_applier.Applied is not { } applied)
        {
            return;   // nothing applied yet: no role, no addresses
        }
        var now = _time.GetUtcNow();
        if (!ReferenceEquals(applied, _planned) || _keysChanged || _time.GetElapsedTime(_plannedAt) > s_replanInterval)
        {
            await ReplanAsync(applied, cancellationToken);
        }
        var (state, reason) = Decide(applied.Running, now);
        var changed = state != _state;
        if (changed)
        {
            await TransitionAsync(state, reason, now, applied.Config, cancellationToken);
        }
        _reason = reason;
        _failoverServices.Tick(applied.Config.FailoverServices, _state == DirectorState.Active, now, cancellationToken);
        if (_link is not null && _plan!.Role is { } role && (changed || _time.GetElapsedTime(_lastSent) >= _plan.Keepalive))
        {
            _lastSent = _time.GetTimestamp();
            await _link.SendAsync(role, _state, _forced, cancellationToken);
        }
        if (_announceAgainAt <= now)
        {
            _announceAgainAt = null;
            _actions.AnnounceAgain();
        }
        Publish();
    }

    private async Task ReplanAsync(AppliedState applied, CancellationToken cancellationToken)
    {
        var plan = RedundancyPlan.For(applied.Config, NetworkDevice.LocalAddresses());
        var previous = _plan;
        (_planned, _plannedAt, _plan) = (applied, _time.GetTimestamp(), plan);
        if (previous is null)
        {
            // Addresses left behind by a director that was killed while active go first: this one starts standing by.
            Fail(_actions.Release(plan.Addresses));
            Fail(await _actions.SyncAsync(applied.Config.Global.SyncDaemon, active: false, cancellationToken));
        }
        lock (_gate)
        {
            if (previous is null || previous.Role != plan.Role)
            {
                _machine = plan.Role is { } role ? new DirectorStateMachine(role, plan.AutoFailback, plan.Deadtime, _time.GetUtcNow()) : null;
            }
            else if (_machine is not null)
            {
                // New timings take effect in place: a fresh machine would start standing by and drop the addresses.
                (_machine.Deadtime, _machine.AutoFailback) = (plan.Deadtime, plan.AutoFailback);
            }
        }
        _keysChanged = false;
        IReadOnlyList<byte[]> keys;
        lock (_gate)
        {
            keys = HeartbeatKeyFile.Usable(_keys, _time.GetUtcNow());
        }
        // New sockets only for new paths; new keys (a rotation, its switch time, the first key) go to the sockets in place.
        if (previous is null || !previous.Paths.SequenceEqual(plan.Paths) || previous.Port != plan.Port || previous.Role != plan.Role
            || (_link is null) != (keys.Count == 0))
        {
            await ReplaceLinkAsync(plan, keys);
        }
        else
        {
            _link?.SetKeys(keys);
        }
        if (_state == DirectorState.Active && previous is not null)
        {
            Fail(_actions.Release(previous.Addresses.Except(plan.Addresses)));
            Fail(_actions.Take(plan.Addresses));
        }
    }

    private async Task ReplaceLinkAsync(RedundancyPlan plan, IReadOnlyList<byte[]> keys)
    {
        if (_link is not null)
        {
            await _link.DisposeAsync();
            _link = null;
        }
        if (plan.Role is not { } role || plan.Paths.Count == 0 || keys.Count == 0)
        {
            return;
        }
        _link = new HeartbeatLink(plan.Paths, plan.Port, keys, _time, _log);
        _link.Heard += packet =>
        {
            // A heartbeat of this director's own role is a misconfiguration or an echo; it says nothing of the peer.
            if (packet.Role != role)
            {
                lock (_gate)
                {
                    _machine?.Heard(packet, _time.GetUtcNow());
                }
                _wake.Set();
            }
        };
    }

    private (DirectorState, string) Decide(bool running, DateTimeOffset now)
    {
        var plan = _plan!;
        if (!running)
        {
            return (DirectorState.Stopped, "stopped by the operator");
        }
        if (plan.Role is not { } role)
        {
            return (DirectorState.Active, plan.Note);
        }
        if (!plan.Peered)
        {
            return (DirectorState.Active, "the only director (no backup is configured)");
        }
        if (!plan.Heartbeats)
        {
            const string off = "heartbeats are off (heartbeat = 0): the backup never takes over";
            return role == DirectorRole.Primary ? (DirectorState.Active, $"primary; {off}") : (DirectorState.Standby, off);
        }
        if (_link is null)
        {
            const string why = "no heartbeat key: generate one on the Redundancy page";
            return role == DirectorRole.Primary ? (DirectorState.Active, $"primary; {why}") : (DirectorState.Standby, why);
        }
        lock (_gate)
        {
            _machine!.Forced = _forced;
            _machine.Fault = LinkFault(plan) ?? _failoverServices.Fault(now);
            _machine.Evaluate(now);
            return (_machine.State, _machine.Reason);
        }
    }

    private static string? LinkFault(RedundancyPlan plan) => plan.MonitorLinks
        ? plan.Addresses.Select(a => a.LinkDevice).Distinct().FirstOrDefault(device => !NetworkDevice.HasCarrier(device)) is { } down
            ? $"monitored link {down} has no carrier"
            : null
        : null;

    private async Task TransitionAsync(DirectorState state, string reason, DateTimeOffset now, LvsConfig config, CancellationToken cancellationToken)
    {
        var was = _state;
        _state = state;
        _error = null;
        _log($"{was.ToString().ToLowerInvariant()} -> {state.ToString().ToLowerInvariant()}: {reason}");
        lock (_gate)
        {
            _failovers.Enqueue(new FailoverRecord(now, was, state, reason));
            while (_failovers.Count > MaxFailovers)
            {
                _failovers.Dequeue();
            }
        }
        var active = state == DirectorState.Active;
        if (active)
        {
            // The sync master first: a connection that arrives the moment the addresses are up is copied to the peer too.
            Fail(await _actions.SyncAsync(config.Global.SyncDaemon, active, cancellationToken));
            Fail(_actions.Take(_plan!.Addresses));
            _announceAgainAt = now + s_announceAgainAfter;
        }
        else
        {
            if (was == DirectorState.Active)
            {
                Fail(_actions.Release());
            }
            Fail(await _actions.SyncAsync(config.Global.SyncDaemon, active, cancellationToken));
        }
        if (active || was == DirectorState.Active)
        {
            RunCommandsSoon(Commands(config, active), cancellationToken);
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
    private void RunCommandsSoon(List<(string, string?)> commands, CancellationToken cancellationToken) =>
        _ = Task.Run(async () =>
        {
            try
            {
                Fail(await _actions.RunAsync(commands, cancellationToken));
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);

    private void Fail(IEnumerable<string> failures)
    {
        foreach (var failure in failures)
        {
            Fail(failure);
        }
    }

    private void Fail(string? failure)
    {
        if (failure is null)
        {
            return;
        }
        _log(failure);
        lock (_gate)
        {
            _error = failure;
        }
    }

    private void Publish()
    {
        RedundancyStatus status;
        bool changed;
        lock (_gate)
        {
            var plan = _plan!;
            status = new RedundancyStatus(plan.Role, _state, _reason, _forced, _machine?.Peer?.State,
                (_link?.Status(plan.Deadtime) ?? []).ToEquatableArray(), _failovers.ToEquatableArray(),
                _actions.Held.Select(a => a.ToString()).ToEquatableArray(), _keyFingerprint, _error);
            // The times and round trips move with every heartbeat; only the rest is worth a report of its own.
            changed = _status is null || Quiet(_status) != Quiet(status);
            _status = status;
        }
        if (changed)
        {
            Changed?.Invoke();
        }
    }

    private static RedundancyStatus Quiet(RedundancyStatus status) =>
        status with { Paths = status.Paths.Select(p => p with { LastHeard = null, RoundTripMilliseconds = null }).ToEquatableArray() };

    private async Task StopAsync()
    {
        try
        {
            if (_state == DirectorState.Active)
            {
                Fail(_actions.Release());
            }
            // A last heartbeat saying "stopped" lets the peer take over now instead of after the dead time.
            if (_link is not null && _plan?.Role is { } role)
            {
                await _link.SendAsync(role, DirectorState.Stopped, forced: false, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is FloatingAddressException or System.Net.Sockets.SocketException)
        {
            _log($"stopping redundancy: {e.Message}");
        }
    }

    /// <summary>Closes the heartbeat sockets and the rtnetlink socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_link is not null)
        {
            await _link.DisposeAsync();
        }
        _actions.Dispose();
        _wake.Dispose();
    }
}
