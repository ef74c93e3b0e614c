using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Agent.State;
using PiranhaNet.Agent.Tests.Dataplane.Userspace;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Agent.Tests.Reconciliation;

/// <summary>The agent's apply pipeline on the userspace dataplane, with its state in a real directory.</summary>
public sealed class ConfigurationApplierTests : IAsyncLifetime
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "piranhanet-agent-tests", Guid.NewGuid().ToString("N"));
    private readonly Backends _backends = new("a", "b");
    private readonly int _port = Backends.FreePort();
    private readonly List<UserspaceDataplane> _dataplanes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var dataplane in _dataplanes)
        {
            await dataplane.DisposeAsync();
        }
        await _backends.DisposeAsync();
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    private ConfigurationApplier NewAgent()
    {
        var dataplane = new UserspaceDataplane(TimeProvider.System);
        _dataplanes.Add(dataplane);
        return new ConfigurationApplier(dataplane, new AgentStateStore(_stateDirectory), ConfigValidator.Default);
    }

    private LvsConfig Config(int weightB = 1) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "127.0.0.1", Port = _port, Scheduler = "rr",
                RealServers =
                [
                    new RealServerConfig { Name = "a", Address = "127.0.0.1", Port = _backends.Port(0), Active = true },
                    new RealServerConfig { Name = "b", Address = "127.0.0.1", Port = _backends.Port(1), Weight = weightB, Active = true },
                ],
            },
        ],
    };

    [Fact]
    public async Task Apply_ValidVersion_ServesTrafficAndRemembersIt()
    {
        var agent = NewAgent();

        var result = await agent.ApplyAsync(3, Config(), running: true, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([IpvsChangeKind.AddService, IpvsChangeKind.AddDestination, IpvsChangeKind.AddDestination], result.Changes.Select(c => c.Kind));
        Assert.Contains(await ProxyClient.BackendOfNewConnectionAsync(_port), new[] { "a", "b" });
        Assert.Equal((3, true), (await new AgentStateStore(_stateDirectory).LoadAsync(CancellationToken.None)) is { } s ? (s.Version, s.Running) : default);
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
        var held = Assert.Single(await _dataplanes[0].ReadTableAsync(CancellationToken.None));
        var withoutB = held with { Destinations = [held.Destinations[0]] };
        await _dataplanes[0].ApplyAsync(new IpvsPlan([new IpvsChange(IpvsChangeKind.DeleteDestination, withoutB, held.Destinations[1])], []), CancellationToken.None);

        var result = await agent.ApplyAsync(2, Config(weightB: 3), running: true, CancellationToken.None, onlyChanges: true);

        Assert.Equal([IpvsChangeKind.AddDestination], result.Changes.Select(c => c.Kind));
        Assert.Equal(3, Assert.Single(await _dataplanes[0].ReadTableAsync(CancellationToken.None)).Destinations[1].Weight);
    }

    [Fact]
    public async Task Apply_OnlyChanges_ReadsOnlyTheServicesTheVersionTouches()
    {
        await using var counting = new CountingDataplane(new UserspaceDataplane(TimeProvider.System));
        var agent = new ConfigurationApplier(counting, new AgentStateStore(_stateDirectory), ConfigValidator.Default);
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
        var beforePersist = (await new AgentStateStore(_stateDirectory).LoadAsync(CancellationToken.None))!.Version;
        await agent.PersistAsync(CancellationToken.None);
        var afterPersist = (await new AgentStateStore(_stateDirectory).LoadAsync(CancellationToken.None))!.Version;

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
        Assert.Equal(30, (await _dataplanes[0].ReadTimeoutsAsync(CancellationToken.None)).Udp);
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
        Assert.Equal(UserspaceDataplane.DefaultTimeouts, await _dataplanes[0].ReadTimeoutsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Stop_WithdrawsTheServicesAndStaysStoppedAcrossRestarts()
    {
        var agent = NewAgent();
        await agent.ApplyAsync(1, Config(), running: true, CancellationToken.None);

        var stopped = await agent.ApplyAsync(1, Config(), running: false, CancellationToken.None);
        await _dataplanes[0].DisposeAsync();
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
        await _dataplanes[0].DisposeAsync();

        var restored = await NewAgent().RestoreAsync(CancellationToken.None);

        Assert.Equal((7, true), (restored!.Version, restored.Succeeded));
        Assert.Contains(await ProxyClient.BackendOfNewConnectionAsync(_port), new[] { "a", "b" });
    }

    [Fact]
    public async Task Restore_FreshDirector_HasNothingToApply()
    {
        Assert.Null(await NewAgent().RestoreAsync(CancellationToken.None));
    }
}
