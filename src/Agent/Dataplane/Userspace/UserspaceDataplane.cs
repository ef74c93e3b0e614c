using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Dataplane.Userspace;

/// <summary>
/// The agent's own layer-4 proxy, for machines without IPVS or without root. Each service is a
/// <see cref="TcpProxyService"/> or <see cref="UdpProxyService"/>; changes replace a service's settings in place. A plan is all or nothing:
/// services created by a failed plan are closed again and edited ones get their previous settings back.
/// Of the connection timeouts only the UDP one means something here (how long an idle flow keeps its socket);
/// a proxied TCP connection lasts until one side closes it, so the TCP ones are kept and shown but not used.
/// </summary>
internal sealed class UserspaceDataplane(TimeProvider time) : IDataplane
{
    private readonly Dictionary<IpvsServiceKey, ProxyService> _services = [];
    private readonly Lock _lock = new();
    private IpvsTimeouts _timeouts = DefaultTimeouts;

    /// <summary>
    /// The timeouts before any are configured: the kernel's TCP ones, and 60 s for UDP rather than the kernel's
    /// 300 s because a proxy holds a socket per flow.
    /// </summary>
    public static readonly IpvsTimeouts DefaultTimeouts = new(900, 120, 60);

    /// <inheritdoc />
    public string Name => Core.Dataplanes.DataplaneNames.Userspace;

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsService>> ReadTableAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<IpvsService>>([.. _services.Values.Select(s => s.Settings)]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsService>> ReadServicesAsync(IReadOnlyCollection<IpvsServiceKey> keys, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<IpvsService>>([.. keys.Select(k => _services.GetValueOrDefault(k)?.Settings).OfType<IpvsService>()]);
        }
    }

    /// <inheritdoc />
    public async Task ApplyAsync(IpvsPlan plan, CancellationToken cancellationToken)
    {
        // The proxy has no cost per edit: every service the plan touches is set to its desired settings at once.
        var touched = plan.Changes.GroupBy(c => c.Service.Key).Select(g => g.Last()).ToList();
        var created = new List<IpvsServiceKey>();
        var previous = new Dictionary<IpvsServiceKey, IpvsService>();
        var deleted = new List<ProxyService>();
        try
        {
            foreach (var change in touched)
            {
                ApplyOne(change, created, previous, deleted);
            }
        }
        catch (DataplaneException)
        {
            await RollBackAsync(created, previous, deleted);
            throw;
        }
        // Deleted services close only once the whole plan went through, so a failed plan can keep them.
        foreach (var service in deleted)
        {
            await service.DisposeAsync();
        }
    }

    private void ApplyOne(IpvsChange change, List<IpvsServiceKey> created, Dictionary<IpvsServiceKey, IpvsService> previous, List<ProxyService> deleted)
    {
        lock (_lock)
        {
            var key = change.Service.Key;
            if (change.Kind == IpvsChangeKind.DeleteService)
            {
                if (_services.Remove(key, out var gone))
                {
                    previous[key] = gone.Settings;
                    deleted.Add(gone);
                }
            }
            else if (_services.TryGetValue(key, out var service))
            {
                previous.TryAdd(key, service.Settings);
                service.Update(change.Service);
            }
            else
            {
                _services[key] = change.Service.Key.Protocol == TransportProtocol.Udp
                    ? new UdpProxyService(change.Service, time) { IdleTimeout = TimeSpan.FromSeconds(_timeouts.Udp) }
                    : new TcpProxyService(change.Service, time);
                created.Add(key);
            }
        }
    }

    private async Task RollBackAsync(List<IpvsServiceKey> created, Dictionary<IpvsServiceKey, IpvsService> previous, List<ProxyService> deleted)
    {
        foreach (var key in created)
        {
            ProxyService? service;
            lock (_lock)
            {
                _services.Remove(key, out service);
            }
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }
        lock (_lock)
        {
            foreach (var service in deleted)
            {
                _services[service.Settings.Key] = service;
            }
            foreach (var (key, settings) in previous)
            {
                if (_services.TryGetValue(key, out var service))
                {
                    service.Update(settings);
                }
            }
        }
    }

    /// <inheritdoc />
    public Task<IpvsTimeouts> ReadTimeoutsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_timeouts);
        }
    }

    /// <inheritdoc />
    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken)
    {
        if (timeouts.Tcp <= 0 || timeouts.TcpFin <= 0 || timeouts.Udp <= 0)
        {
            throw new DataplaneException($"timeouts must be positive: {timeouts}");
        }
        lock (_lock)
        {
            _timeouts = timeouts;
            foreach (var udp in _services.Values.OfType<UdpProxyService>())
            {
                udp.IdleTimeout = TimeSpan.FromSeconds(timeouts.Udp);
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsServiceStatus>> ReadStatusAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<IpvsServiceStatus>>([.. _services.Values.Select(s => s.Status())]);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        List<ProxyService> services;
        lock (_lock)
        {
            services = [.. _services.Values];
            _services.Clear();
        }
        foreach (var service in services)
        {
            await service.DisposeAsync();
        }
    }
}
