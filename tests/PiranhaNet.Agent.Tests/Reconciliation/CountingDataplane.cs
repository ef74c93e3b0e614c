using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Tests.Reconciliation;

/// <summary>A dataplane that forwards to a real one and counts how many services each read returned.</summary>
internal sealed class CountingDataplane(IDataplane inner) : IDataplane
{
    /// <summary>Services returned by table and service reads since the last <see cref="Reset"/>.</summary>
    public int ServicesRead { get; private set; }

    public string Name => inner.Name;

    public void Reset() => ServicesRead = 0;

    public async Task<IReadOnlyList<IpvsService>> ReadTableAsync(CancellationToken cancellationToken) =>
        Counted(await inner.ReadTableAsync(cancellationToken));

    public async Task<IReadOnlyList<IpvsService>> ReadServicesAsync(IReadOnlyCollection<IpvsServiceKey> keys, CancellationToken cancellationToken) =>
        Counted(await inner.ReadServicesAsync(keys, cancellationToken));

    public Task ApplyAsync(IpvsPlan plan, CancellationToken cancellationToken) => inner.ApplyAsync(plan, cancellationToken);

    public Task<IpvsTimeouts> ReadTimeoutsAsync(CancellationToken cancellationToken) => inner.ReadTimeoutsAsync(cancellationToken);

    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken) => inner.SetTimeoutsAsync(timeouts, cancellationToken);

    public Task<IReadOnlyList<IpvsServiceStatus>> ReadStatusAsync(CancellationToken cancellationToken) => inner.ReadStatusAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private IReadOnlyList<IpvsService> Counted(IReadOnlyList<IpvsService> services)
    {
        ServicesRead += services.Count;
        return services;
    }
}
