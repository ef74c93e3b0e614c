using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Tests.Channel;

/// <summary>A dataplane that forwards to a real one, each apply taking <paramref name="delay"/> longer: a table of thousands going into the kernel.</summary>
internal sealed class SlowApplyDataplane(IDataplane inner, TimeSpan delay) : IDataplane
{
    public string Name => inner.Name;

    public async Task ApplyAsync(IpvsPlan plan, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        await inner.ApplyAsync(plan, cancellationToken);
    }

    public Task<IReadOnlyList<IpvsService>> ReadTableAsync(CancellationToken cancellationToken) => inner.ReadTableAsync(cancellationToken);

    public Task<IReadOnlyList<IpvsService>> ReadServicesAsync(IReadOnlyCollection<IpvsServiceKey> keys, CancellationToken cancellationToken) =>
        inner.ReadServicesAsync(keys, cancellationToken);

    public Task<IpvsTimeouts> ReadTimeoutsAsync(CancellationToken cancellationToken) => inner.ReadTimeoutsAsync(cancellationToken);

    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken) => inner.SetTimeoutsAsync(timeouts, cancellationToken);

    public Task<IReadOnlyList<IpvsServiceStatus>> ReadStatusAsync(CancellationToken cancellationToken) => inner.ReadStatusAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
