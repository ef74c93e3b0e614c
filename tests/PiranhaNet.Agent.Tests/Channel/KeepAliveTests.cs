using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Agent.Tests.Dataplane.Userspace;
using PiranhaNet.Agent.Tests.Shared;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Channel;

/// <summary>
/// The agent's keep-alive on its dashboard connection (1 s here, 5 s by default): a dashboard that stops answering
/// without closing the connection (its host lost power) is left for the next controller, while a long apply, during
/// which the agent reads nothing else, does not make the agent give up a dashboard that answers.
/// </summary>
public sealed class KeepAliveTests : IAsyncLifetime
{
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(1);
    private readonly Backends _backends = new("a", "b");
    private readonly int _port = Backends.FreePort();
    private readonly List<IAsyncDisposable> _disposables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }
        await _backends.DisposeAsync();
    }

    private LvsConfig Config(int weightOfB) => LoopbackConfigs.WebOverTwo(_backends, _port, "wrr", weightOfB);

    private T Keep<T>(T disposable) where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    [Fact]
    public async Task ADashboardThatStopsAnswering_WithoutClosing_IsLeftForTheNextController()
    {
        var first = Keep(new FakeDashboard(Backends.FreePort()));
        var second = Keep(new FakeDashboard(Backends.FreePort()));
        var relay = Keep(new FreezableRelay(first.Address.Port));
        var agent = Keep(new TestAgent(controllers: [relay.Address, second.Address], keepAlive: s_keepAlive));
        await agent.StartAsync();
        await first.NextAsync<HelloMessage>();

        relay.Freeze();

        // Within twice the keep-alive, then at once to the next controller (FakeDashboard waits up to 10 s).
        await second.NextAsync<HelloMessage>();
    }

    [Fact]
    public async Task AnApplyLongerThanTheKeepAlive_KeepsTheConnection()
    {
        var dashboard = Keep(new FakeDashboard(Backends.FreePort()));
        var agent = Keep(new TestAgent(controller: dashboard.Address, keepAlive: s_keepAlive, replace: services =>
            services.Replace(ServiceDescriptor.Singleton<IDataplane>(provider =>
                new SlowApplyDataplane(new UserspaceDataplane(provider.GetRequiredService<TimeProvider>()), 4 * s_keepAlive)))));
        await agent.StartAsync();
        await dashboard.NextAsync<HelloMessage>();

        await dashboard.SendAsync(new ConfigureMessage(1, true, Config(weightOfB: 1)));
        await dashboard.NextAsync<AppliedMessage>(m => m.Version == 1);
        // The same connection still carries the next version: this dashboard accepts only one.
        await dashboard.SendAsync(new ConfigureChangesMessage(2, 1, true, ConfigPatch.Between(Config(1), Config(weightOfB: 3))!));
        await dashboard.NextAsync<AppliedMessage>(m => m.Version == 2);
    }
}
