using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Agent.Channel;
using PiranhaNet.Agent.Health;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Agent.Tests.Shared;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Health;

/// <summary>
/// The health check scheduler on a fake clock with scripted probes: what is checked, when a server goes down, and
/// how that reaches the runtime state, the reconcile loop and the dashboard's queue. Nothing here waits for time to pass.
/// </summary>
public sealed class HealthCheckSchedulerClockTests : IAsyncLifetime
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly ScriptedProbes _probes = new();
    private readonly TestAgent _agent;

    public HealthCheckSchedulerClockTests() => _agent = new TestAgent(services =>
    {
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time));
        services.Replace(ServiceDescriptor.Singleton<IHealthProbes>(_probes));
    });

    private HealthCheckScheduler Scheduler => _agent.Get<HealthCheckScheduler>();

    private RealServerStates States => _agent.Get<RealServerStates>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Scheduler.FollowAsync(new AppliedVersion(99, false, LvsConfig.Empty));
        await _agent.DisposeAsync();
    }

    private static LvsConfig Config(Func<RealServerConfig, RealServerConfig>? a = null, Func<RealServerConfig, RealServerConfig>? b = null, int fall = 3) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "192.0.2.10", Port = 80, Timeout = (int)s_interval.TotalSeconds,
                HealthCheck = new HealthCheckConfig { Fall = fall },
                RealServers =
                [
                    (a ?? (r => r))(new RealServerConfig { Name = "a", Address = "192.0.2.21", Port = 8001, Active = true }),
                    (b ?? (r => r))(new RealServerConfig { Name = "b", Address = "192.0.2.22", Port = 8002, Active = true, Weight = 4 }),
                ],
            },
        ],
    };

    // Moves the clock one interval on and waits until the server on port has been checked once more.
    private async Task CheckAgainAsync(int port)
    {
        var before = _probes.ChecksOf(port);
        _time.Advance(s_interval);
        await Eventually.TrueAsync(() => _probes.ChecksOf(port) > before, TimeSpan.FromSeconds(5), $"a check of port {port}");
    }

    [Fact]
    public async Task Follow_MaintenanceAndDrain_TheOneInMaintenanceIsNotChecked_TheDrainedOneIsReportedDraining()
    {
        await Scheduler.FollowAsync(new AppliedVersion(1, true, Config(a: r => r with { Drain = true }, b: r => r with { Maintenance = true })));

        Assert.Equal(1, _probes.Made);
        Assert.Equal([("a", HealthState.Draining), ("b", HealthState.Maintenance)], States.Status().Select(h => (h.RealServer, h.State)));
        Assert.Equal([(8001, 0)], Assert.Single(DesiredTable.From(Config(a: r => r with { Drain = true }, b: r => r with { Maintenance = true }), States))
            .Destinations.Select(d => (d.Port, d.Weight)));
    }

    [Fact]
    public async Task AFailingServer_GoesDownAfterFallChecks_NotBefore_AndTellsTheTableAndTheDashboard()
    {
        _probes.Answer(8002, ProbeResult.Down("connection refused"));
        await Scheduler.FollowAsync(new AppliedVersion(1, true, Config(fall: 3)));
        var signals = _agent.Get<AgentSignals>();

        await CheckAgainAsync(8002);
        await CheckAgainAsync(8002);
        var afterTwo = (States.Of("web", "b"), await signals.TableStale.WaitAsync(TimeSpan.Zero, _time, CancellationToken.None));
        await CheckAgainAsync(8002);
        await Eventually.TrueAsync(() => !States.Of("web", "b").InService, TimeSpan.FromSeconds(5), "b going out of service");

        Assert.Equal((RealServerAvailability.AsConfigured, false), afterTwo);
        Assert.True(await signals.TableStale.WaitAsync(TimeSpan.Zero, _time, CancellationToken.None));
        var down = Assert.Single(_agent.Get<UnsentHealthEvents>().Peek(10).Events);
        Assert.Equal(("b", HealthState.Up, HealthState.Down, "connection refused"), (down.RealServer, down.From, down.To, down.Reason));
        Assert.Equal(_time.GetUtcNow(), down.Time);
    }

    [Fact]
    public async Task Follow_AWeightEdit_KeepsTheServersHealth_AndAMovedServerStartsAfresh()
    {
        _probes.Answer(8002, ProbeResult.Down("connection refused"));
        await Scheduler.FollowAsync(new AppliedVersion(1, true, Config(fall: 1)));
        await CheckAgainAsync(8002);
        await Eventually.TrueAsync(() => !States.Of("web", "b").InService, TimeSpan.FromSeconds(5), "b going down");

        await Scheduler.FollowAsync(new AppliedVersion(2, true, Config(fall: 1, b: r => r with { Weight = 9 })));
        var (afterWeightEdit, probesAfterWeightEdit) = (States.Of("web", "b"), _probes.Made);
        await Scheduler.FollowAsync(new AppliedVersion(3, true, Config(fall: 1, b: r => r with { Port = 8003 })));

        Assert.Equal((RealServerAvailability.OutOfService, 2), (afterWeightEdit, probesAfterWeightEdit));
        Assert.Equal(3, _probes.Made);
        Assert.Equal(RealServerAvailability.AsConfigured, States.Of("web", "b"));
    }
}
