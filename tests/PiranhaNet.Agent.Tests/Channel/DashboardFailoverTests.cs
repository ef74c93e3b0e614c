using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Tests.Dataplane.Userspace;
using PiranhaNet.Agent.Tests.Shared;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Channel;

/// <summary>
/// An agent given two dashboards (instances sharing one store) over real WebSockets: when the one it is connected to
/// goes away, it says hello to the other at once (no back-off: the scripted dashboard waits 10 s at most), naming the
/// version in force, and that version sent again changes nothing in its table.
/// </summary>
public sealed class DashboardFailoverTests : IAsyncLifetime
{
    private readonly Backends _backends = new("a", "b");
    private readonly int _port = Backends.FreePort();
    private readonly FakeDashboard _first = new(Backends.FreePort());
    private readonly FakeDashboard _second = new(Backends.FreePort());
    private readonly TestAgent _agent;

    public DashboardFailoverTests() => _agent = new TestAgent(controllers: [_first.Address, _second.Address]);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _backends.DisposeAsync();
    }

    [Fact]
    public async Task TheDashboardGoesAway_TheAgentMovesToTheOther_AndReappliesNothing()
    {
        var config = LoopbackConfigs.WebOverTwo(_backends, _port, "wrr", 2);
        await _agent.StartAsync();
        await _first.NextAsync<HelloMessage>();
        await _first.SendAsync(new ConfigureMessage(1, true, config));
        Assert.True((await _first.NextAsync<AppliedMessage>(m => m.Version == 1)).Changes > 0);
        var table = await _agent.Get<IDataplane>().ReadTableAsync(CancellationToken.None);

        await _first.DisposeAsync();
        var hello = await _second.NextAsync<HelloMessage>();
        await _second.SendAsync(new ConfigureMessage(1, true, config));
        var again = await _second.NextAsync<AppliedMessage>(m => m.Version == 1);

        Assert.Equal((1, true), (hello.AppliedVersion, hello.Running));
        Assert.Equal(0, again.Changes);
        Assert.Equal(table, await _agent.Get<IDataplane>().ReadTableAsync(CancellationToken.None));
    }
}
