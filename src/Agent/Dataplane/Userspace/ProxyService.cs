using System.Net;
using PiranhaNet.Agent.Dataplane.Userspace.Schedulers;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Userspace;

/// <summary>
/// What the TCP and UDP proxies share: the service's settings swapped in place, its destinations with their
/// counters, the scheduler and persistence that choose a destination, and the status report.
/// </summary>
internal abstract class ProxyService : IAsyncDisposable
{
    private readonly PersistenceTable _persistence;
    private readonly TimeProvider _time;
    private readonly TrafficCounters _traffic;
    private volatile IpvsService _settings;
    private volatile IReadOnlyList<DestinationState> _destinations = [];
    private volatile IUserspaceScheduler _scheduler;

    protected ProxyService(IpvsService settings, TimeProvider time)
    {
        if (settings.Key.Address is null)
        {
            throw new DataplaneException($"{settings.Key}: firewall-mark services need the kernel's IPVS; the userspace dataplane cannot match marks");
        }
        _settings = settings;
        _time = time;
        _traffic = new TrafficCounters(time);
        _scheduler = CreateScheduler(settings);
        _persistence = new PersistenceTable(time);
        Update(settings);
    }

    /// <summary>The service as configured now, with its destinations.</summary>
    public IpvsService Settings => _settings;

    /// <summary>Replaces the settings: destinations keep their counters and open connections.</summary>
    public void Update(IpvsService settings)
    {
        if (settings.Scheduler != _settings.Scheduler || settings.SchedulerFlags != _settings.SchedulerFlags)
        {
            _scheduler = CreateScheduler(settings);
        }
        var existing = _destinations.ToDictionary(d => d.Destination.Key);
        _destinations = [.. settings.Destinations.Select(d =>
        {
            if (existing.TryGetValue(d.Key, out var state))
            {
                state.Destination = d;
                return state;
            }
            return new DestinationState(d, _time);
        })];
        _settings = settings;
    }

    /// <summary>
    /// Connections (UDP: flows), counters and rates over the last <see cref="RateEstimator.Window"/>. A proxy
    /// sees streams, not packets, so packet counts and rates stay 0.
    /// </summary>
    public IpvsServiceStatus Status()
    {
        var destinations = _destinations;
        var (totals, rates) = _traffic.Read();
        return new IpvsServiceStatus(_settings, totals, rates,
            [.. destinations.Select(d =>
            {
                var (counters, rates) = d.Read();
                return new IpvsDestinationStatus(d.Destination, (uint)d.Active, 0, counters, rates);
            })]);
    }

    /// <summary>The destination for a new connection or flow from <paramref name="client"/>, honouring persistence; null when none can take it.</summary>
    protected DestinationState? Choose(IPAddress client)
    {
        var settings = _settings;
        var destinations = _destinations;
        if (settings.PersistenceTimeout > 0
            && _persistence.Find(client, settings.PersistencePrefix) is { } remembered
            && destinations.FirstOrDefault(d => d.EndPoint.Equals(remembered) && d.Available) is { } sticky)
        {
            _persistence.Remember(client, settings.PersistencePrefix, sticky.EndPoint, TimeSpan.FromSeconds(settings.PersistenceTimeout));
            return sticky;
        }
        var chosen = _scheduler.Pick(destinations, client);
        if (chosen is not null && settings.PersistenceTimeout > 0)
        {
            _persistence.Remember(client, settings.PersistencePrefix, chosen.EndPoint, TimeSpan.FromSeconds(settings.PersistenceTimeout));
        }
        return chosen;
    }

    /// <summary>A connection or flow to <paramref name="destination"/> began.</summary>
    protected void Opened(DestinationState destination)
    {
        destination.Opened();
        _traffic.Connected();
    }

    /// <summary>Bytes from a client towards a destination.</summary>
    protected void CountIn(DestinationState destination, int bytes)
    {
        destination.AddIn(bytes);
        _traffic.AddIn(bytes);
    }

    /// <summary>Bytes from a destination back to its client.</summary>
    protected void CountOut(DestinationState destination, int bytes)
    {
        destination.AddOut(bytes);
        _traffic.AddOut(bytes);
    }

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    private static IUserspaceScheduler CreateScheduler(IpvsService settings)
    {
        try
        {
            return UserspaceSchedulers.Create(settings.Scheduler, settings.SchedulerFlags);
        }
        catch (ArgumentException e)
        {
            throw new DataplaneException($"{settings.Key}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Binds <paramref name="listener"/> to the service's address even while this director does not hold it
    /// (IP_FREEBIND): a standby director keeps its services listening, so a takeover is only adding the address.
    /// </summary>
    protected static void BindFree(System.Net.Sockets.Socket listener, IpvsService settings)
    {
        var ipv6 = settings.Key.Address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        listener.SetRawSocketOption(ipv6 ? 41 : 0, ipv6 ? 78 : 15, BitConverter.GetBytes(1));   // SOL_IPV6/IPV6_FREEBIND, SOL_IP/IP_FREEBIND
        listener.Bind(new System.Net.IPEndPoint(settings.Key.Address, settings.Key.Port));
    }

    /// <summary>The message of a socket that cannot be bound to the service's address.</summary>
    protected static DataplaneException CannotListen(IpvsService settings, System.Net.Sockets.SocketException e) =>
        new($"{settings.Key}: cannot listen on {IpvsEndpoint.Format(settings.Key.Address!, settings.Key.Port)}: {e.Message} ({e.SocketErrorCode})", e);
}
