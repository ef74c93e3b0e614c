using System.Net;
using PiranhaNet.Agent.Channel;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Net;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// Checks every active real server of every active virtual server of the version in force, each on its own loop at
/// the virtual server's interval (Piranha's <c>timeout</c>), with a bounded number of checks in flight so thousands
/// of servers cost no thread each and never crowd out the agent's other work. Follows the versions the table
/// reconciler publishes; keeps what the checks find in <see cref="RealServerStates"/>. When a server's place in the
/// table changes it wakes the reconcile loop (<see cref="AgentSignals.TableStale"/>): health reaches the table
/// through the same path as configuration. Each change of state is logged, queued for the dashboard and given to the
/// notify commands.
/// </summary>
internal sealed partial class HealthCheckScheduler(LatestValue<AppliedVersion> versions, RealServerStates states, IHealthProbes probes,
    UnsentHealthEvents events, NotifyCommands notify, AgentSignals signals, TimeProvider time, ILogger<HealthCheckScheduler> logger) : BackgroundService
{
    /// <summary>How many checks may be in flight at once, over all servers.</summary>
    public const int MaxChecksInFlight = 256;

    private readonly SemaphoreSlim _inFlight = new(MaxChecksInFlight, MaxChecksInFlight);
    // Owned by the following loop (ExecuteAsync) alone: the servers checked and their loops.
    private readonly Dictionary<(string VirtualServer, string RealServer), CheckLoop> _loops = [];
    private IReadOnlyList<CheckedServer> _checked = [];

    private sealed class CheckLoop(RealServerState state, IHealthProbe probe)
    {
        public RealServerState State { get; } = state;
        public IHealthProbe Probe { get; } = probe;
        public CancellationTokenSource Stop { get; } = new();
        public Task Run { get; set; } = Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var version in versions.FollowAsync(stoppingToken))
            {
                await FollowAsync(version);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await FollowAsync(new AppliedVersion(0, false, Core.Model.LvsConfig.Empty));
        }
    }

    /// <summary>
    /// Checks what <paramref name="version"/> asks for: new servers start being checked, removed ones stop, and a
    /// server whose address, port or check changed starts afresh. A server whose weight, fall, rise or re-entry
    /// changed keeps its state. Called by the following loop (and by tests, which then own the scheduler).
    /// </summary>
    internal async Task FollowAsync(AppliedVersion version)
    {
        var servers = CheckedServer.Of(version.Config, version.Running);
        var toCheck = servers.Where(s => !s.Maintenance).ToList();
        var diff = KeyedDiff.Between(_checked, toCheck, s => s.Key);
        foreach (var gone in diff.Removed)
        {
            await StopAsync(gone.Key);
        }
        foreach (var (isAdded, before, server) in diff.Upserts)
        {
            if (!isAdded && before.SameProbe(server))
            {
                _loops[server.Key].State.Reconfigure(server);
                continue;
            }
            await StopAsync(server.Key);
            Start(server);
        }
        states.Follow(servers);
        _checked = toCheck;
    }

    private void Start(CheckedServer server)
    {
        var loop = new CheckLoop(states.Add(server), probes.For(server.Check, server.Protocol));
        _loops[server.Key] = loop;
        loop.Run = RunAsync(loop);
    }

    private async Task StopAsync((string VirtualServer, string RealServer) key)
    {
        if (!_loops.Remove(key, out var loop))
        {
            return;
        }
        await loop.Stop.CancelAsync();
        await loop.Run;
        loop.Stop.Dispose();
        states.Remove(key);
    }

    private async Task RunAsync(CheckLoop loop)
    {
        var stop = loop.Stop.Token;
        var server = loop.State.Server;
        var target = new IPEndPoint(AddressText.TryParse(server.Address, out var address) ? address : IPAddress.None, server.Port);
        var timeout = TimeSpan.FromSeconds(server.Check.ResponseTimeout);
        try
        {
            // Loops started together (a new configuration of thousands of servers) spread over one interval
            // instead of checking in bursts; a server starts up, so the first check may wait.
            await Task.Delay(server.Interval * Random.Shared.NextDouble(), time, stop);
            // One timer per server for its life, not one per check: thousands of checks a second add up.
            using var ticks = new PeriodicTimer(server.Interval, time);
            do
            {
                ProbeResult result;
                await _inFlight.WaitAsync(stop);
                try
                {
                    result = await loop.Probe.ProbeAsync(target, timeout, stop);
                }
                finally
                {
                    _inFlight.Release();
                }
                Record(loop.State, target, result);
            }
            while (await ticks.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void Record(RealServerState state, IPEndPoint target, ProbeResult result)
    {
        var (placeChanged, transition) = state.Record(result, time.GetUtcNow());
        if (transition is not null)
        {
            LogTransition(logger, transition.RealServer, transition.VirtualServer, target, $"{transition.From} -> {transition.To}".ToLowerInvariant(), result.Detail);
            events.Add(transition);
            _ = notify.OnStateChangedAsync(transition, state.Server.NotifyUp, state.Server.NotifyDown);
            signals.StatusChanged.Set();
        }
        if (placeChanged)
        {
            signals.TableStale.Set();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _inFlight.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "real server {RealServer} of {VirtualServer} ({Target}): {Change} ({Detail})")]
    private static partial void LogTransition(ILogger logger, string realServer, string virtualServer, IPEndPoint target, string change, string detail);
}
