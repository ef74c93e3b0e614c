using PiranhaNet.Agent.Channel;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Persistence;
using PiranhaNet.Agent.Tests.Dataplane.Userspace;
using PiranhaNet.Agent.Tests.Shared;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Channel;

/// <summary>
/// The agent's side of the channel (the whole agent, as piranhanet-agent wires it) against a scripted dashboard over
/// a real WebSocket: a whole version, then changes built on it, a resend request for changes to a version it does not
/// hold, status as changes, health events kept while the dashboard is away, heartbeat keys and Make active.
/// </summary>
public sealed class DashboardConnectionTests : IAsyncLifetime
{
    private readonly Backends _backends = new("a", "b");
    private readonly int _port = Backends.FreePort();
    private readonly FakeDashboard _dashboard = new(Backends.FreePort());
    private readonly TestAgent _agent;

    public DashboardConnectionTests() => _agent = new TestAgent(controller: _dashboard.Address);

    private IDataplane Dataplane => _agent.Get<IDataplane>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _dashboard.DisposeAsync();
        await _backends.DisposeAsync();
    }

    private LvsConfig Config(int weightOfB) => LoopbackConfigs.WebOverTwo(_backends, _port, "wrr", weightOfB);

    // The agent said hello and applied version 1, sent whole.
    private async Task ConnectedWithVersionOneAsync()
    {
        await _agent.StartAsync();
        await _dashboard.NextAsync<HelloMessage>();
        await _dashboard.SendAsync(new ConfigureMessage(1, true, Config(weightOfB: 1)));
        await _dashboard.NextAsync<AppliedMessage>(m => m.Version == 1);
    }

    [Fact]
    public async Task HeartbeatKeyAndMakeActive_FromTheDashboard_ShowInTheRedundancyStatus_AndTheKeyIsKept()
    {
        await ConnectedWithVersionOneAsync();
        var key = Core.Redundancy.HeartbeatKey.Generate();
        var fingerprint = Core.Redundancy.HeartbeatKey.Fingerprint(Core.Redundancy.HeartbeatKey.TryDecode(key)!);

        await _dashboard.SendAsync(new HeartbeatKeyMessage(key, null, null));
        var keyed = await _dashboard.NextAsync<StatusMessage>(m => m.Status.Redundancy?.KeyFingerprint == fingerprint);
        await _dashboard.SendAsync(new MakeActiveMessage(true));
        var forced = await _dashboard.NextAsync<StatusMessage>(m => m.Status.Redundancy?.Forced == true);

        // This director holds no configured address: it has no role, forwards, and says why.
        Assert.Null(keyed.Status.Redundancy!.Role);
        Assert.Equal(Core.Redundancy.DirectorState.Active, forced.Status.Redundancy!.State);
        Assert.Equal(key, new HeartbeatKeyFile(_agent.StateDirectory).Load()?.Key);
        Assert.DoesNotContain(_agent.Messages, line => line.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changes_BuiltOnTheWholeVersion_AreApplied_AndStatusFollowsAsChanges()
    {
        await ConnectedWithVersionOneAsync();

        await _dashboard.SendAsync(new ConfigureChangesMessage(2, 1, true, ConfigPatch.Between(Config(1), Config(weightOfB: 3))!));
        var applied = await _dashboard.NextAsync<AppliedMessage>(m => m.Version == 2);
        var partial = await _dashboard.NextAsync<StatusMessage>(m => m.Partial && m.Status.AppliedVersion == 2);

        Assert.Equal(1, applied.Changes);
        Assert.Equal(3, Assert.Single(await Dataplane.ReadTableAsync(CancellationToken.None)).Destinations[1].Weight);
        Assert.Equal(3, Assert.Single(partial.Status.Services).Destinations[1].Destination.Weight);
    }

    [Fact]
    public async Task HealthEvents_RecordedBeforeAndAfterConnecting_AllReachTheDashboard()
    {
        var before = new HealthEvent(DateTimeOffset.UtcNow, "web", "b", HealthState.Up, HealthState.Down, "connection refused");
        var events = _agent.Get<UnsentHealthEvents>();
        events.Add(before);   // the agent is not running yet: nothing to send it to
        await _agent.StartAsync();
        await _dashboard.NextAsync<HelloMessage>();
        var after = before with { From = HealthState.Down, To = HealthState.Entering, Reason = "ok" };

        events.Add(after);
        var received = new List<HealthEvent>();
        while (received.Count < 2)
        {
            received.AddRange((await _dashboard.NextAsync<EventsMessage>()).Events);
        }

        Assert.Equal([before, after], received);
    }

    [Fact]
    public async Task Changes_ToAVersionNotHeld_AreRefusedWithAResendRequest()
    {
        await ConnectedWithVersionOneAsync();

        await _dashboard.SendAsync(new ConfigureChangesMessage(5, 4, true, ConfigPatch.Between(Config(1), Config(weightOfB: 3))!));
        var resend = await _dashboard.NextAsync<ResendMessage>();

        Assert.Equal(1, resend.HeldVersion);
        Assert.Equal(1, Assert.Single(await Dataplane.ReadTableAsync(CancellationToken.None)).Destinations[1].Weight);
    }
}
