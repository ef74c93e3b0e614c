using System.Collections.Concurrent;
using System.Net;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// Checks every active real server of every active virtual server of the configuration in force, each on its
/// own loop at the virtual server's interval (Piranha's <c>timeout</c>), with a bounded number of checks in
/// flight so thousands of servers cost no thread each and never crowd out the agent's other work. When a
/// server's place in the table changes, <see cref="Changed"/> fires; the agent then re-applies the version in
/// force through <see cref="Overlay"/>, the same reconciliation path as a configuration change.
/// </summary>
public sealed class HealthMonitor(TimeProvider time, Action<string> log, int maxConcurrentChecks = 256) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string VirtualServer, string RealServer), Watch> _watches = new();
    private readonly SemaphoreSlim _inFlight = new(maxConcurrentChecks, maxConcurrentChecks);
    // Servers the operator put in maintenance (not checked), with when this agent first saw them so; and the
    // configuration last watched, for the operator states in the status.
    private readonly ConcurrentDictionary<(string VirtualServer, string RealServer), DateTimeOffset> _maintenance = new();
    private volatile LvsConfig _watched = LvsConfig.Empty;

    /// <summary>A server went in or out of service, or its weight changed.</summary>
    public event Action? Changed;

    /// <summary>A server changed state (up, down, entering, ramping); raised on the check's own loop.</summary>
    public event Action<HealthEvent>? StateChanged;

    private sealed class Watch(string signature, IPEndPoint target, IHealthProbe probe, TimeSpan interval, TimeSpan timeout, RealServerHealth health)
    {
        public string Signature { get; } = signature;

        // The configuration objects it was last set from: unchanged ones (most, in an edit of a large table) need no look.
        public (VirtualServerConfig Vs, RealServerConfig Rs) Source { get; set; }

        public IPEndPoint Target { get; } = target;
        public IHealthProbe Probe { get; } = probe;
        public TimeSpan Interval { get; } = interval;
        public TimeSpan Timeout { get; } = timeout;
        public RealServerHealth Health { get; } = health;
        public CancellationTokenSource Stop { get; } = new();
        public Task Loop { get; set; } = Task.CompletedTask;
    }

    /// <summary>
    /// Checks what <paramref name="config"/> asks for while <paramref name="running"/>: new servers start being
    /// checked, removed ones stop, and a server whose address, port or check changed starts afresh. A server
    /// whose weight, fall, rise or re-entry changed keeps its state.
    /// </summary>
    public async Task WatchAsync(LvsConfig config, bool running)
    {
        var wanted = new Dictionary<(string, string), (VirtualServerConfig Vs, RealServerConfig Rs)>();
        var inMaintenance = new HashSet<(string, string)>();
        if (running && config.Service == ServiceKind.Lvs)
        {
            foreach (var vs in config.VirtualServers.Where(v => v.Active))
            {
                foreach (var rs in vs.RealServers.Where(r => r.Active))
                {
                    if (rs.Maintenance)
                    {
                        inMaintenance.Add((vs.Name, rs.Name));
                        _maintenance.TryAdd((vs.Name, rs.Name), time.GetUtcNow());
                    }
                    else
                    {
                        wanted[(vs.Name, rs.Name)] = (vs, rs);
                    }
                }
            }
        }
        foreach (var key in _maintenance.Keys.Where(k => !inMaintenance.Contains(k)))
        {
            _maintenance.TryRemove(key, out _);
        }
        _watched = running ? config : LvsConfig.Empty;
        foreach (var (key, watch) in _watches)
        {
            if (!wanted.TryGetValue(key, out var entry)
                || (!Same(entry, watch.Source) && Signature(entry.Vs, entry.Rs) != watch.Signature))
            {
                _watches.TryRemove(key, out _);
                await StopAsync(watch);
            }
        }
        foreach (var (key, (vs, rs)) in wanted)
        {
            var check = vs.HealthCheck;
            if (_watches.TryGetValue(key, out var kept))
            {
                if (!Same((vs, rs), kept.Source))
                {
                    lock (kept.Health)
                    {
                        kept.Health.Reconfigure(check.Fall, check.Rise, TimeSpan.FromSeconds(vs.Reentry), rs.Weight);
                    }
                    kept.Source = (vs, rs);
                }
                continue;
            }
            var target = new IPEndPoint(AddressText.TryParse(rs.Address, out var address) ? address : IPAddress.None, rs.Port ?? vs.Port);
            var health = new RealServerHealth(check.Fall, check.Rise, TimeSpan.FromSeconds(vs.Reentry), rs.Weight, time.GetUtcNow());
            var watch = new Watch(Signature(vs, rs), target, HealthProbes.For(check, vs.Protocol),
                TimeSpan.FromSeconds(vs.Timeout), TimeSpan.FromSeconds(check.ResponseTimeout), health) { Source = (vs, rs) };
            _watches[key] = watch;
            watch.Loop = CheckLoopAsync(key, watch);
        }
    }

    /// <summary>
    /// <paramref name="config"/> as the dataplane should hold it given the servers' health: a server out of
    /// service is left out (or kept at weight 0 with <c>quiesce_server</c>, so its connections finish), a
    /// ramping one has its ramp weight, and a virtual server with none in service and a sorry server goes to it.
    /// </summary>
    public LvsConfig Overlay(LvsConfig config) => config with
    {
        VirtualServers = [.. config.VirtualServers.Select(vs => vs.Active ? WithHealth(vs) : vs)],
    };

    /// <summary>
    /// Every server's health for the status report, in configuration order: checked ones as their checks say
    /// (draining when the operator drained them), and those in maintenance.
    /// </summary>
    public EquatableArray<RealServerHealthStatus> Status()
    {
        var report = new List<RealServerHealthStatus>();
        foreach (var vs in _watched.VirtualServers)
        {
            foreach (var rs in vs.RealServers)
            {
                if (_maintenance.TryGetValue((vs.Name, rs.Name), out var since))
                {
                    report.Add(new RealServerHealthStatus(vs.Name, rs.Name, HealthState.Maintenance, 0, "removed by the operator", since));
                }
                else if (_watches.TryGetValue((vs.Name, rs.Name), out var watch))
                {
                    lock (watch.Health)
                    {
                        var h = watch.Health;
                        report.Add(rs.Drain && h.InService
                            ? new RealServerHealthStatus(vs.Name, rs.Name, HealthState.Draining, 0, h.Detail, h.Since)
                            : new RealServerHealthStatus(vs.Name, rs.Name, h.State, rs.Drain ? 0 : h.Weight, h.Detail, h.Since, h.ReentersAt));
                    }
                }
            }
        }
        return [.. report];
    }

    /// <summary>Stops every check.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var key in _watches.Keys)
        {
            if (_watches.TryRemove(key, out var watch))
            {
                await StopAsync(watch);
            }
        }
    }

    private VirtualServerConfig WithHealth(VirtualServerConfig vs)
    {
        if (vs.RealServers.All(rs => !rs.Active || !_watches.TryGetValue((vs.Name, rs.Name), out var watch) || AsConfigured(watch, rs)))
        {
            return vs;   // every server in service at its configured weight: nothing to change, nothing to copy
        }
        var servers = vs.RealServers.Select(rs =>
        {
            if (!rs.Active || !_watches.TryGetValue((vs.Name, rs.Name), out var watch))
            {
                return rs;
            }
            lock (watch.Health)
            {
                // The configured weight comes from this configuration, not from the check's copy of the last one: the
                // overlay runs before the checks are reconfigured, so a weight edit of a healthy server goes in at once.
                var health = watch.Health;
                return health.State == HealthState.Up ? rs
                    : health.InService ? rs with { Weight = Math.Min(health.Weight, rs.Weight) }
                    : vs.QuiesceServer ? rs with { Weight = 0 }
                    : rs with { Active = false };
            }
        }).ToList();
        // Drained and quiesced servers take no new connections: with only those left, the sorry server takes them.
        var anyInService = servers.Any(rs => rs.Active && !rs.Maintenance && rs.EffectiveWeight > 0);
        if (!anyInService && vs.SorryServer is { } sorry && vs.RealServers.Any(rs => rs.Active))
        {
            servers.Add(new RealServerConfig { Name = SorryName(vs), Address = sorry, Active = true, Weight = 1 });
        }
        return vs with { RealServers = [.. servers] };
    }

    private static bool AsConfigured(Watch watch, RealServerConfig rs)
    {
        lock (watch.Health)
        {
            return watch.Health.State == HealthState.Up;
        }
    }

    // A name no real server of the virtual server has.
    private static string SorryName(VirtualServerConfig vs)
    {
        var name = "sorry-server";
        while (vs.RealServers.Any(rs => rs.Name == name))
        {
            name += "_";
        }
        return name;
    }

    private async Task CheckLoopAsync((string VirtualServer, string RealServer) key, Watch watch)
    {
        var stop = watch.Stop.Token;
        try
        {
            // Loops started together (a new configuration of thousands of servers) spread over one interval
            // instead of checking in bursts; a server starts up, so the first check may wait.
            await Task.Delay(watch.Interval * Random.Shared.NextDouble(), time, stop);
            // One timer per server for its life, not one per check: thousands of checks a second add up.
            using var ticks = new PeriodicTimer(watch.Interval, time);
            do
            {
                ProbeResult result;
                await _inFlight.WaitAsync(stop);
                try
                {
                    result = await watch.Probe.ProbeAsync(watch.Target, watch.Timeout, stop);
                }
                finally
                {
                    _inFlight.Release();
                }
                bool changed;
                HealthEvent? transition = null;
                lock (watch.Health)
                {
                    var before = watch.Health.State;
                    var at = time.GetUtcNow();
                    changed = watch.Health.Record(result, at);
                    if (before != watch.Health.State)
                    {
                        transition = new HealthEvent(at, key.VirtualServer, key.RealServer, before, watch.Health.State, result.Detail);
                    }
                }
                if (transition is not null)
                {
                    log($"real server {key.RealServer} of {key.VirtualServer} ({watch.Target}): {$"{transition.From} -> {transition.To}".ToLowerInvariant()} ({result.Detail})");
                    StateChanged?.Invoke(transition);
                }
                if (changed)
                {
                    Changed?.Invoke();
                }
            }
            while (await ticks.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static async Task StopAsync(Watch watch)
    {
        await watch.Stop.CancelAsync();
        await watch.Loop;
        watch.Stop.Dispose();
    }

    private static bool Same((VirtualServerConfig Vs, RealServerConfig Rs) a, (VirtualServerConfig Vs, RealServerConfig Rs) b) =>
        ReferenceEquals(a.Vs, b.Vs) && ReferenceEquals(a.Rs, b.Rs);

    // What makes a check a different one: where it goes and how it checks.
    private static string Signature(VirtualServerConfig vs, RealServerConfig rs) =>
        $"{rs.Address}|{rs.Port ?? vs.Port}|{vs.Protocol}|{vs.Timeout}|{vs.HealthCheck with { Fall = 0, Rise = 0 }}";
}
