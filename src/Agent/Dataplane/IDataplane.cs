using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane;

/// <summary>
/// What forwards the traffic: the kernel's IPVS, the kernel's nftables, or the agent's own userspace proxy. The agent plans changes
/// with <see cref="IpvsPlanner"/> against <see cref="ReadTableAsync"/> and hands the plan over. Calls are not
/// concurrent (the agent applies one configuration at a time); status reads may run beside an apply.
/// </summary>
internal interface IDataplane : IAsyncDisposable
{
    /// <summary>"ipvs", "nftables" or "userspace", as shown to operators.</summary>
    string Name { get; }

    /// <summary>The services the dataplane holds now, with their destinations.</summary>
    Task<IReadOnlyList<IpvsService>> ReadTableAsync(CancellationToken cancellationToken);

    /// <summary>The services among <paramref name="keys"/> that the dataplane holds now (absent ones are left out).</summary>
    Task<IReadOnlyList<IpvsService>> ReadServicesAsync(IReadOnlyCollection<IpvsServiceKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Applies every change or none: if one fails, what was already changed is put back and a
    /// <see cref="DataplaneException"/> names the service and the reason.
    /// </summary>
    Task ApplyAsync(IpvsPlan plan, CancellationToken cancellationToken);

    /// <summary>The connection timeouts in force now.</summary>
    Task<IpvsTimeouts> ReadTimeoutsAsync(CancellationToken cancellationToken);

    /// <summary>Sets the connection timeouts; a <see cref="DataplaneException"/> says why they could not be set.</summary>
    Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken);

    /// <summary>Connections, counters and rates of every service.</summary>
    Task<IReadOnlyList<IpvsServiceStatus>> ReadStatusAsync(CancellationToken cancellationToken);
}
