using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Dataplane.Userspace.Schedulers;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Userspace;

/// <summary>
/// One TCP virtual service in userspace: listens on VIP:port, picks a destination with the service's
/// scheduler (and persistence), and copies bytes both ways socket to socket with pooled buffers; every
/// connection is a pair of async copy loops, never a thread. Settings are swapped in place, so a weight or
/// scheduler change keeps the listener and every open connection.
/// </summary>
internal sealed class TcpProxyService : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly PersistenceTable _persistence;
    private readonly Task _acceptLoop;
    private volatile IpvsService _settings;
    private volatile IReadOnlyList<DestinationState> _destinations = [];
    private volatile IUserspaceScheduler _scheduler;
    private long _connections, _inBytes, _outBytes;

    /// <summary>Binds VIP:port and starts accepting; throws <see cref="DataplaneException"/> when it cannot bind.</summary>
    public TcpProxyService(IpvsService settings, TimeProvider time)
    {
        if (settings.Key.Address is null)
        {
            throw new DataplaneException($"{settings.Key}: firewall-mark services need the kernel's IPVS; the userspace dataplane cannot match marks");
        }
        _settings = settings;
        _scheduler = CreateScheduler(settings);
        _persistence = new PersistenceTable(time);
        _listener = new Socket(settings.Key.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Bind(new IPEndPoint(settings.Key.Address, settings.Key.Port));
            _listener.Listen(1024);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            throw new DataplaneException($"{settings.Key}: cannot listen on {IpvsEndpoint.Format(settings.Key.Address, settings.Key.Port)}: {e.Message} ({e.SocketErrorCode})", e);
        }
        Update(settings);
        _acceptLoop = AcceptLoopAsync(_stop.Token);
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
            return new DestinationState(d);
        })];
        _settings = settings;
    }

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

    /// <summary>Connections, counters and rates (rates are not estimated in userspace and stay 0).</summary>
    public IpvsServiceStatus Status()
    {
        var destinations = _destinations;
        return new IpvsServiceStatus(_settings,
            new IpvsCounters((ulong)Interlocked.Read(ref _connections), 0, 0, (ulong)Interlocked.Read(ref _inBytes), (ulong)Interlocked.Read(ref _outBytes)),
            IpvsRates.Zero,
            [.. destinations.Select(d => new IpvsDestinationStatus(d.Destination, (uint)d.Active, 0, d.Counters, IpvsRates.Zero))]);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A client that reset before we accepted it; keep serving the others.
                continue;
            }
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using (client)
        {
            var clientAddress = ((IPEndPoint)client.RemoteEndPoint!).Address;
            if (Choose(clientAddress) is not { } destination)
            {
                return;
            }
            using var upstream = new Socket(destination.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                connectTimeout.CancelAfter(s_connectTimeout);
                await upstream.ConnectAsync(destination.EndPoint, connectTimeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return;
            }
            destination.Opened();
            Interlocked.Increment(ref _connections);
            try
            {
                await Task.WhenAll(
                    CopyAsync(client, upstream, bytes => { destination.AddIn(bytes); Interlocked.Add(ref _inBytes, bytes); }, cancellationToken),
                    CopyAsync(upstream, client, bytes => { destination.AddOut(bytes); Interlocked.Add(ref _outBytes, bytes); }, cancellationToken));
            }
            finally
            {
                destination.Closed();
            }
        }
    }

    private DestinationState? Choose(IPAddress client)
    {
        var settings = _settings;
        var destinations = _destinations;
        if (settings.PersistenceTimeout > 0
            && _persistence.Find(client, settings.PersistencePrefix) is { } remembered
            && destinations.FirstOrDefault(d => d.EndPoint.Equals(remembered) && d.Weight > 0) is { } sticky)
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

    // Copies until the source closes its side, then closes ours towards the target so half-closes pass through.
    private static async Task CopyAsync(Socket from, Socket to, Action<int> counted, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    break;
                }
                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken);
                }
                counted(read);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset or shutdown on either side ends this direction; the other side notices on its own.
            try
            {
                to.Shutdown(SocketShutdown.Both);
            }
            catch (Exception shutdown) when (shutdown is SocketException or ObjectDisposedException)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Stops listening. Open connections end too: the service is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        _stop.Dispose();
    }
}
