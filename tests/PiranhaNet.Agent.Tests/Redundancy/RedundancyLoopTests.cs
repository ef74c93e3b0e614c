using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Agent.Health;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Agent.Tests.Shared;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Tests.Redundancy;

/// <summary>
/// A takeover and a step-down as the redundancy loop drives them, on a fake clock, without root: scripted heartbeats
/// in, the takeover actions recorded in their order, the status published. The same on real links and namespaces is
/// FailoverTests' business.
/// </summary>
public sealed class RedundancyLoopTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly ScriptedHeartbeatLinks _links = new();
    private readonly RecordingTakeoverActions _actions = new();
    private readonly TestAgent _agent;
    private readonly FakeNetworkDevices _devices;

    public RedundancyLoopTests() : this("10.0.0.2")
    {
    }

    private RedundancyLoopTests(string localAddress)
    {
        _devices = new FakeNetworkDevices(localAddress);
        _agent = new TestAgent(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time));
            services.Replace(ServiceDescriptor.Singleton<IHeartbeatLinks>(_links));
            services.Replace(ServiceDescriptor.Singleton<ITakeoverActions>(_actions));
            services.Replace(ServiceDescriptor.Singleton<INetworkDevices>(_ => _devices));
            services.Replace(ServiceDescriptor.Singleton<IHealthProbes>(new ScriptedProbes()));
        });
    }

    private RedundancyLoop Loop => _agent.Get<RedundancyLoop>();

    private ScriptedHeartbeatLinks.ScriptedLink Link => _links.Link ?? throw new InvalidOperationException("no heartbeat link was opened");

    private RedundancyStatus Status => _agent.Get<RedundancyStatusPublisher>().Current!;

    public Task InitializeAsync()
    {
        _agent.Get<HeartbeatKeyring>().Set(new HeartbeatKeyMessage(HeartbeatKey.Generate(), null, null));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    private static LvsConfig Pair(bool monitorLinks = false) => new()
    {
        Global = new GlobalSettingsConfig { Primary = "10.0.0.1", Network = NetworkType.Direct, ActiveCommand = "/usr/local/bin/became-active" },
        Redundancy = new RedundancyConfig { Enabled = true, Heartbeat = true, Backup = "10.0.0.2", Keepalive = 1, Deadtime = 3, MonitorLinks = monitorLinks },
        VirtualServers = [new VirtualServerConfig { Name = "web", Active = true, Address = "192.0.2.10", Device = "eth0:1", Port = 80 }],
    };

    private void InForce(LvsConfig config, bool running = true, int version = 1) =>
        _agent.Get<LatestValue<AppliedVersion>>().Publish(new AppliedVersion(version, running, config));

    private Task StepAsync() => Loop.StepAsync(CancellationToken.None);

    [Fact]
    public async Task Backup_PrimarySilentForTheDeadTime_TakesOver_SyncMasterFirst_ThenTheAddress_ThenTheCommands()
    {
        InForce(Pair());
        await StepAsync();
        var starting = (Status.Role, Status.State, Status.Reason);
        Link.Hear(DirectorRole.Primary, DirectorState.Active, _time.GetUtcNow());
        await StepAsync();
        var withPrimary = (Status.State, Status.Reason, Status.PeerState);
        _actions.Done.Clear();

        _time.Advance(TimeSpan.FromSeconds(2.9));
        await StepAsync();
        var beforeTheDeadTime = Status.State;
        _time.Advance(TimeSpan.FromSeconds(0.2));
        await StepAsync();

        Assert.Equal((DirectorRole.Backup, DirectorState.Standby, "starting: listening for the peer"), starting);
        Assert.Equal((DirectorState.Standby, "primary is active", DirectorState.Active), withPrimary);
        Assert.Equal(DirectorState.Standby, beforeTheDeadTime);
        Assert.Equal((DirectorState.Active, "peer silent on every path for more than 3 s"), (Status.State, Status.Reason));
        await Eventually.TrueAsync(() => _actions.Done.Count == 3, TimeSpan.FromSeconds(5), "the active command");
        Assert.Equal(["sync master", "take 192.0.2.10", "run active_cmd: /usr/local/bin/became-active"], _actions.Done);
        Assert.Equal((DirectorRole.Backup, DirectorState.Active, false), Link.Sent.Last());
        Assert.Equal(["192.0.2.10/32 on eth0:1 (virtual server web)"], Status.Addresses);
        Assert.Equal(DirectorState.Active, Status.Failovers[^1].To);

        _time.Advance(TimeSpan.FromSeconds(1));
        await StepAsync();
        Assert.Equal("announce again", _actions.Done.Last());
    }

    [Fact]
    public async Task Backup_PrimaryBackAndActive_StepsDown_GivingTheAddressUp()
    {
        InForce(Pair());
        await StepAsync();
        _time.Advance(TimeSpan.FromSeconds(3.1));
        await StepAsync();
        var tookOver = Status.State;
        // The takeover's commands run apart from the loop (a slow command must not hold up heartbeats): wait for
        // them, so that what follows is the step-down's actions alone.
        await Eventually.TrueAsync(() => _actions.Done.Any(d => d.StartsWith("run active_cmd", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "the takeover's active command");
        _actions.Done.Clear();

        Link.Hear(DirectorRole.Primary, DirectorState.Active, _time.GetUtcNow());
        await StepAsync();

        Assert.Equal((DirectorState.Active, DirectorState.Standby, "primary is active"), (tookOver, Status.State, Status.Reason));
        Assert.Equal(["release 192.0.2.10", "sync backup"], _actions.Done);
        Assert.Empty(Status.Addresses);
    }

    [Fact]
    public async Task Backup_Stopped_GoesStopped_AndTheMonitoredLinkDoesNotMatterThen()
    {
        InForce(Pair(monitorLinks: true));
        await StepAsync();
        _devices.WithoutCarrier.Add("eth0");
        await StepAsync();
        var withoutCarrier = (Status.State, Status.Reason);

        InForce(Pair(monitorLinks: true), running: false, version: 2);
        await StepAsync();

        Assert.Equal((DirectorState.Fault, "monitored link eth0 has no carrier"), withoutCarrier);
        Assert.Equal((DirectorState.Stopped, "stopped by the operator"), (Status.State, Status.Reason));
        Assert.Equal((DirectorRole.Backup, DirectorState.Stopped, false), Link.Sent.Last());
    }

    [Fact]
    public async Task MakeActive_HoldsTheBackupActiveOverAnActivePrimary_AndSaysSoInItsHeartbeats()
    {
        InForce(Pair());
        await StepAsync();
        Link.Hear(DirectorRole.Primary, DirectorState.Active, _time.GetUtcNow());

        Loop.MakeActive(true);
        await StepAsync();
        var forced = (Status.State, Status.Reason, Status.Forced);
        Loop.MakeActive(false);
        Link.Hear(DirectorRole.Primary, DirectorState.Active, _time.GetUtcNow());
        await StepAsync();

        Assert.Equal((DirectorState.Active, "made active by the operator", true), forced);
        Assert.Contains((DirectorRole.Backup, DirectorState.Active, true), Link.Sent);
        Assert.Equal((DirectorState.Standby, false), (Status.State, Status.Forced));
    }

    [Fact]
    public async Task NoKey_TheBackupStandsByAndSaysWhy_AndOpensNoLink()
    {
        await using var keyless = new TestAgent(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time));
            services.Replace(ServiceDescriptor.Singleton<IHeartbeatLinks>(new ScriptedHeartbeatLinks()));
            services.Replace(ServiceDescriptor.Singleton<ITakeoverActions>(new RecordingTakeoverActions()));
            services.Replace(ServiceDescriptor.Singleton<INetworkDevices>(new FakeNetworkDevices("10.0.0.2")));
        });
        keyless.Get<LatestValue<AppliedVersion>>().Publish(new AppliedVersion(1, true, Pair()));

        await keyless.Get<RedundancyLoop>().StepAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await keyless.Get<RedundancyLoop>().StepAsync(CancellationToken.None);

        var status = keyless.Get<RedundancyStatusPublisher>().Current!;
        Assert.Equal((DirectorState.Standby, "no heartbeat key: generate one on the Redundancy page"), (status.State, status.Reason));
        Assert.Null(((ScriptedHeartbeatLinks)keyless.Get<IHeartbeatLinks>()).Link);
    }
}
