using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Agent.Persistence;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Agent.Tests.Dataplane.Userspace;
using PiranhaNet.Agent.Tests.Shared;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Tests.Reconciliation;

/// <summary>
/// The agent's table on the userspace dataplane, with its state in a real directory: apply, refuse, only changes,
/// persistence, timeouts, Stop, restore, and repairing what was changed behind its back.
/// </summary>
public sealed class TableReconcilerTests : IAsyncLifetime
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "piranhanet-agent-tests", Guid.NewGuid().ToString("N"));
    private readonly Backends _backends = new("a", "b");
    private readonly int _port = Backends.FreePort();
    private readonly List<TestAgent> _agents = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }
        await _backends.DisposeAsync();
    }

    // An agent (not started) on the shared state directory: a second one is the first restarted.
    private TableReconciler NewAgent(Action<IServiceCollection>? replace = null)
    {
        var agent = new TestAgent(replace, stateDirectory: _stateDirectory);
        _agents.Add(agent);
        return agent.Get<TableReconciler>();
    }

    private IDataplane FirstDataplane => _agents[0].Get<IDataplane>();

    private LvsConfig Config(int weightB = 1) => LoopbackConfigs.WebOverTwo(_backends, _port, "rr", weightB);

    [Fact]
    public async Task Apply_ValidVersion_ServesTrafficAndRemembersIt()
    {
        var agent = NewAgent();

        var result = await agent.ApplyAsync(3, Config(), running: true, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([IpvsChangeKind.AddService, IpvsChangeKind.AddDestination, IpvsChangeKind.AddDestination], result.Changes.Select(c => c.Kind));
        Assert.Contains(await ProxyClient.BackendOfNewConnectionAsync(_port), new[] { "a", "b" });
        Assert.Equal((3, true), (await new AppliedStateFile(_stateDirectory).LoadAsync(CancellationToken.None)) is { } s ? (s.Version, s.Running) : default);
    }

    [Fact]
    public async Task Apply_InvalidVersion_FailsWithReasonsAndKeepsThePreviousTable()
    {
        var agent = NewAgent();
        await agent.ApplyAsync(1, Config(), running: true, CancellationToken.None);

        var result = await agent.ApplyAsync(2, Config() with { VirtualServers = [Config().VirtualServers[0] with { Scheduler = "nope" }] }, running: true, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith("virtualServers[web].scheduler: unknown scheduler 'nope'", result.Reasons[0]);
        Assert.Equal(1, agent.Applied!.Version);
        Assert.Contains(await ProxyClient.BackendOfNewConnectionAsync(_port), new[] { "a", "b" });
    }

    [Fact]
    public async Task Apply_WeightChange_IsOneDestinationEdit()
    {
        var agent = NewAgent();
        await agent.ApplyAsync(1, Config(), running: true, CancellationToken.None);

        var result = await agent.ApplyAsync(2, Config(weightB: 0), running: true, CancellationToken.None);

        Assert.Equal([IpvsChangeKind.EditDestination], result.Changes.Select(c => c.Kind));
        Assert.Equal("a", await ProxyClient.BackendOfNewConnectionAsync(_port));
    }

    [Fact]
    public async Task Apply_OnlyChanges_PlansTheEditedServiceAgainstWhatTheDataplaneHoldsNow()
    {
        var agent = NewAgent();
        await agent.ApplyAsync(1, Config(), running: true, CancellationToken.None);
        // Behind the agent's back, destination b of the service goes away.
        var held = Assert.Single(await FirstDataplane.ReadTableAsync(CancellationToken.None));
        var withoutB = held with { Destinations = [held.Destinations[0]] };
        await FirstDataplane.ApplyAsync(new IpvsPlan([new IpvsChange(IpvsChangeKind.DeleteDestination, withoutB, held.Destinations[1])], []), CancellationToken.None);

        var result = await agent.ApplyAsync(2, Config(weightB: 3), running: true, CancellationToken.None, onlyChanges: true);

        Assert.Equal([IpvsChangeKind.AddDestination], result.Changes.Select(c => c.Kind));
        Assert.Equal(3, Assert.Single(await FirstDataplane.ReadTableAsync(CancellationToken.None)).Destinations[1].Weight);
    }

    [Fact]
    public async Task Apply_OnlyChanges_ReadsOnlyTheServicesTheVersionTouches()
    {
        var counting = new CountingDataplane(new UserspaceDataplane(TimeProvider.System));
        var agent = NewAgent(services => services.Replace(ServiceDescriptor.Singleton<IDataplane>(counting)));
        var web = Config().VirtualServers[0];
        var mail = web with { Name = "mail", Port = Backends.FreePort() };
        var two = Config() with { VirtualServers = [web, mail] };
        await agent.ApplyAsync(1, two, running: true, CancellationToken.None);

        counting.Reset();
        var unchanged = await agent.ApplyAsync(2, two with { Global = two.Global with { DebugLevel = "LOW" } }, running: true, CancellationToken.None, onlyChanges: true);
        var readForNothing = counting.ServicesRead;
        counting.Reset();
        var edited = await agent.ApplyAsync(3, two with { VirtualServers = [web, mail with { Scheduler = "wrr" }] }, running: true, CancellationToken.None, onlyChanges: true);

        Assert.Equal((true, 0, 0), (unchanged.Succeeded, unchanged.ChangeCount, readForNothing));
        Assert.Equal(1, counting.ServicesRead);
        Assert.Equal([IpvsChangeKind.EditService], edited.Changes.Select(c => c.Kind));
        Assert.Equal(3, agent.Applied!.Version);
    }

    [Fact]
    public async Task Apply_WithoutPersist_WritesTheStateOnlyWhenAsked()
    {
        var agent = NewAgent();
        await agent.ApplyAsync(1, Config(), running: true, CancellationToken.None);

        await agent.ApplyAsync(2, Config(weightB: 4), running: true, CancellationToken.None, persist: false);
        var beforePersist = (await new AppliedStateFile(_stateDirectory).LoadAsync(CancellationToken.None))!.Version;
        await agent.PersistAsync(CancellationToken.None);
        var afterPersist = (await new AppliedStateFile(_stateDirectory).LoadAsync(CancellationToken.None))!.Version;

        Assert.Equal((1, 2), (beforePersist, afterPersist));
    }

    [Fact]
    public async Task Apply_NamedTimeouts_AreSetOnceAndOnlyTheNamedOnes()
    {
        var agent = NewAgent();
        var config = Config() with { Global = Config().Global with { ConnectionTimeouts = new ConnectionTimeoutsConfig { Udp = 30 } } };

        var first = await agent.ApplyAsync(1, config, running: true, CancellationToken.None);
        var again = await agent.ApplyAsync(2, config, running: true, CancellationToken.None);
        var stopped = await agent.ApplyAsync(2, config with { Global = config.Global with { ConnectionTimeouts = new() { Udp = 45 } } }, running: false, CancellationToken.None);

        Assert.Equal(UserspaceDataplane.DefaultTimeouts with { Udp = 30 }, first.TimeoutsSet);
        Assert.Equal(4, first.ChangeCount);
        Assert.Null(again.TimeoutsSet);
        Assert.Null(stopped.TimeoutsSet);
        Assert.Equal(30, (await FirstDataplane.ReadTimeoutsAsync(CancellationToken.None)).Udp);
    }

    [Fact]
    public async Task Apply_RefusedTable_PutsTheTimeoutsBack()
    {
        var agent = NewAgent();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, _port);
        squatter.Start();
        var config = Config() with { Global = Config().Global with { ConnectionTimeouts = new ConnectionTimeoutsConfig { Tcp = 60 } } };

        var result = await agent.ApplyAsync(1, config, running: true, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.EndsWith("the previous table was restored with its timeouts", result.Reasons[0]);
        Assert.Equal(UserspaceDataplane.DefaultTimeouts, await FirstDataplane.ReadTimeoutsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Stop_WithdrawsTheServicesAndStaysStoppedAcrossRestarts()
    {
        var agent = NewAgent();
        await agent.ApplyAsync(1, Config(), running: true, CancellationToken.None);

        var stopped = await agent.ApplyAsync(1, Config(), running: false, CancellationToken.None);
        await FirstDataplane.DisposeAsync();
        var restarted = await NewAgent().RestoreAsync(CancellationToken.None);

        Assert.Equal([IpvsChangeKind.DeleteService], stopped.Changes.Select(c => c.Kind));
        Assert.True(restarted!.Succeeded);
        Assert.Empty(restarted.Changes);
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => ProxyClient.BackendOfNewConnectionAsync(_port));
    }

    [Fact]
    public async Task Restore_AfterRestart_ServesTheLastVersionWithoutADashboard()
    {
        var agent = NewAgent();
        await agent.ApplyAsync(7, Config(), running: true, CancellationToken.None);
        await FirstDataplane.DisposeAsync();

        var restored = await NewAgent().RestoreAsync(CancellationToken.None);

        Assert.Equal((7, true), (restored!.Version, restored.Succeeded));
        Assert.Contains(await ProxyClient.BackendOfNewConnectionAsync(_port), new[] { "a", "b" });
    }

    [Fact]
    public async Task Restore_FreshDirector_HasNothingToApply()
    {
        Assert.Null(await NewAgent().RestoreAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Restore_OfAnUnchangedState_ReadsTheFileAndDoesNotWriteItBack()
    {
        await NewAgent().ApplyAsync(4, Config(), running: true, CancellationToken.None);
        await FirstDataplane.DisposeAsync();
        var file = Path.Combine(_stateDirectory, "applied.json");
        var written = File.GetLastWriteTimeUtc(file);
        File.SetLastWriteTimeUtc(file, written - TimeSpan.FromMinutes(1));

        var restored = await NewAgent().RestoreAsync(CancellationToken.None);

        Assert.True(restored!.Succeeded);
        Assert.Equal(written - TimeSpan.FromMinutes(1), File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task Reconcile_AChangeMadeBehindTheAgentsBack_IsRepaired_AndAnUntouchedTableIsLeftAlone()
    {
        var agent = NewAgent();
        await agent.ApplyAsync(1, Config(weightB: 2), running: true, CancellationToken.None);
        var untouched = await agent.ReconcileAsync(CancellationToken.None);
        var held = Assert.Single(await FirstDataplane.ReadTableAsync(CancellationToken.None));
        var edited = held with { Destinations = [held.Destinations[0], held.Destinations[1] with { Weight = 9 }] };
        await FirstDataplane.ApplyAsync(new IpvsPlan([new IpvsChange(IpvsChangeKind.EditDestination, edited, edited.Destinations[1])], []), CancellationToken.None);

        var repaired = await agent.ReconcileAsync(CancellationToken.None);

        Assert.Empty(untouched!.Changes);
        Assert.Equal("edit destination 127.0.0.1:" + _backends.Port(1) + $" of TCP  127.0.0.1:{_port} (Route, weight 2)", Assert.Single(repaired!.Changes).ToString());
        Assert.Equal(2, Assert.Single(await FirstDataplane.ReadTableAsync(CancellationToken.None)).Destinations[1].Weight);
    }

    [Fact]
    public async Task ReconcileLoop_Running_RepairsWhenItsIntervalHasPassedAndSaysSo()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var agent = new TestAgent(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)), stateDirectory: _stateDirectory,
            reconcileInterval: TimeSpan.FromSeconds(30));
        _agents.Add(agent);
        await agent.StartAsync();
        await agent.Get<TableReconciler>().Restored;
        await agent.Get<TableReconciler>().ApplyAsync(1, Config(), running: true, CancellationToken.None);
        var held = Assert.Single(await FirstDataplane.ReadTableAsync(CancellationToken.None));
        var withoutB = held with { Destinations = [held.Destinations[0]] };
        await FirstDataplane.ApplyAsync(new IpvsPlan([new IpvsChange(IpvsChangeKind.DeleteDestination, withoutB, held.Destinations[1])], []), CancellationToken.None);
        var before = Assert.Single(await FirstDataplane.ReadTableAsync(CancellationToken.None)).Destinations.Count;

        // The loop reads the clock for its next reconcile on its own thread, after Restored: the interval is let
        // pass again at every poll, so one advance made before the loop looked at the clock cannot be missed.
        await Eventually.TrueAsync(() =>
            {
                time.Advance(TimeSpan.FromSeconds(30));
                return agent.Messages.Any(line =>
                    line.StartsWith("the table had been changed behind the agent's back; repaired 1 change(s): add destination", StringComparison.Ordinal));
            },
            TimeSpan.FromSeconds(10), "the repair of the deleted destination");
        Assert.Equal((1, 2), (before, Assert.Single(await FirstDataplane.ReadTableAsync(CancellationToken.None)).Destinations.Count));
    }

    [Fact]
    public async Task Apply_ANewVersion_IsPublished_AndAnUnchangedPushIsNot()
    {
        var agent = NewAgent();
        var versions = _agents[0].Get<LatestValue<AppliedVersion>>();

        await agent.ApplyAsync(1, Config(), running: true, CancellationToken.None);
        var first = versions.Current;
        await agent.ApplyAsync(1, Config(), running: true, CancellationToken.None);
        var again = versions.Current;
        await agent.ApplyAsync(2, Config(weightB: 3), running: true, CancellationToken.None);

        Assert.Equal((1, true), (first!.Version, first.Running));
        Assert.Same(first, again);
        Assert.Equal(2, versions.Current!.Version);
    }
}
