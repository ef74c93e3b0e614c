using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Userspace;

/// <summary>
/// One UDP virtual service in userspace. Each client address:port is a flow with its own socket connected
/// to the chosen destination, so replies go back to the right client from VIP:port; a flow idle for
/// <see cref="IdleTimeout"/> ends. Datagrams are forwarded whole with pooled buffers, without threads.
/// </summary>
internal sealed class UdpProxyService : ProxyService
{
    /// <summary>How long a flow lives without traffic: the dataplane's UDP timeout, read at every sweep (another thread).</summary>
    public TimeSpan IdleTimeout
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _idleTimeoutTicks));
        set => Volatile.Write(ref _idleTimeoutTicks, value.Ticks);
    }

    private long _idleTimeoutTicks = TimeSpan.FromSeconds(UserspaceDataplane.DefaultTimeouts.Udp).Ticks;

    private const int MaxDatagram = 65_535;

    private readonly Socket _listener;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<IPEndPoint, Flow> _flows = new();
    private readonly Task _receiveLoop;
    private readonly ITimer _sweeper;

    private sealed class Flow(Socket upstream, DestinationState destination, long now)
    {
        public Socket Upstream { get; } = upstream;

        public DestinationState Destination { get; } = destination;

        public long LastActivity = now;
    }

    /// <summary>Binds VIP:port; throws <see cref="DataplaneException"/> when it cannot.</summary>
    public UdpProxyService(IpvsService settings, TimeProvider time) : base(settings, time)
    {
        _time = time;
        _listener = new Socket(settings.Key.Address!.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            BindFree(_listener, settings);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            throw CannotListen(settings, e);
        }
        _receiveLoop = ReceiveLoopAsync(_stop.Token);
        _sweeper = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        EndPoint any = new IPEndPoint(_listener.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _listener.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
                }
                catch (SocketException) when (!cancellationToken.IsCancellationRequested)
                {
                    // ICMP errors from earlier sends surface here on Linux; the socket stays usable.
                    continue;
                }
                var client = (IPEndPoint)received.RemoteEndPoint;
                var flow = _flows.TryGetValue(client, out var existing) ? existing : await OpenFlowAsync(client, cancellationToken);
                if (flow is null)
                {
                    continue;
                }
                Interlocked.Exchange(ref flow.LastActivity, _time.GetTimestamp());
                try
                {
                    await flow.Upstream.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, cancellationToken);
                    CountIn(flow.Destination, received.ReceivedBytes);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
                {
                    // The destination refused (ICMP port unreachable), or the idle sweep closed the flow just now:
                    // drop this datagram, as the network would, and keep serving.
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<Flow?> OpenFlowAsync(IPEndPoint client, CancellationToken cancellationToken)
    {
        if (Choose(client.Address) is not { } destination)
        {
            return null;
        }
        var upstream = new Socket(destination.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            await upstream.ConnectAsync(destination.EndPoint, cancellationToken);
        }
        catch (SocketException)
        {
            upstream.Dispose();   // no route to the destination: drop the datagram, keep the service
            return null;
        }
        var flow = new Flow(upstream, destination, _time.GetTimestamp());
        _flows[client] = flow;
        Opened(destination);
        _ = RepliesAsync(client, flow, cancellationToken);
        return flow;
    }

    private async Task RepliesAsync(IPEndPoint client, Flow flow, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await flow.Upstream.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                }
                catch (SocketException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue;
                }
                Interlocked.Exchange(ref flow.LastActivity, _time.GetTimestamp());
                await _listener.SendToAsync(buffer.AsMemory(0, read), SocketFlags.None, client, cancellationToken);
                CountOut(flow.Destination, read);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The flow was closed (idle, or the service went away).
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Sweep()
    {
        foreach (var (client, flow) in _flows)
        {
            if (_time.GetElapsedTime(Interlocked.Read(ref flow.LastActivity)) > IdleTimeout && _flows.TryRemove(client, out _))
            {
                Close(flow);
            }
        }
    }

    private static void Close(Flow flow)
    {
        flow.Upstream.Dispose();
        flow.Destination.Closed();
    }

    /// <summary>Stops receiving and ends every flow.</summary>
    public override async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        await _stop.CancelAsync();
        _listener.Dispose();
        await _receiveLoop;
        foreach (var client in _flows.Keys)
        {
            if (_flows.TryRemove(client, out var flow))
            {
                Close(flow);
            }
        }
        _stop.Dispose();
    }
}
