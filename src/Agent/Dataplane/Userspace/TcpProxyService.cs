using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Userspace;

/// <summary>
/// One TCP virtual service in userspace: listens on VIP:port, picks a destination with the service's
/// scheduler (and persistence), and copies bytes both ways socket to socket with pooled buffers; every
/// connection is a pair of async copy loops, never a thread. Settings are swapped in place, so a weight or
/// scheduler change keeps the listener and every open connection.
/// </summary>
internal sealed class TcpProxyService : ProxyService
{
    private const int BufferSize = 16 * 1024;
    // Per service, so bounded: a thousand services on a large machine must not mean tens of thousands of accepts.
    private static readonly int AcceptLoops = Math.Clamp(Environment.ProcessorCount, 2, 4);
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoops;

    /// <summary>Binds VIP:port and starts accepting; throws <see cref="DataplaneException"/> when it cannot bind.</summary>
    public TcpProxyService(IpvsService settings, TimeProvider time) : base(settings, time)
    {
        _listener = new Socket(settings.Key.Address!.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            BindFree(_listener, settings);
            _listener.Listen(1024);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            throw CannotListen(settings, e);
        }
        // Several accepts waiting at once, so a burst of new connections is taken in parallel, not one by one.
        _acceptLoops = Task.WhenAll(Enumerable.Range(0, AcceptLoops).Select(_ => AcceptLoopAsync(_stop.Token)));
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
            if (Choose(((IPEndPoint)client.RemoteEndPoint!).Address) is not { } destination)
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
            Opened(destination);
            try
            {
                await Task.WhenAll(
                    CopyAsync(client, upstream, bytes => CountIn(destination, bytes), cancellationToken),
                    CopyAsync(upstream, client, bytes => CountOut(destination, bytes), cancellationToken));
            }
            finally
            {
                destination.Closed();
            }
        }
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
    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoops;
        _stop.Dispose();
    }
}
