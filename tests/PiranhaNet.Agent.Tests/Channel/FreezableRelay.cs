using System.Net;
using System.Net.Sockets;

namespace PiranhaNet.Agent.Tests.Channel;

/// <summary>
/// A TCP relay on 127.0.0.1 to another port whose traffic can be frozen: the connections stay open and nothing more
/// crosses, as when the host at the other end loses power or the network between parts (no FIN, no RST).
/// </summary>
internal sealed class FreezableRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private volatile bool _frozen;

    public FreezableRelay(int targetPort)
    {
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptAsync(targetPort);
    }

    /// <summary>Where to connect instead of the target.</summary>
    public Uri Address { get; }

    /// <summary>From now on nothing crosses in either direction; the connections stay open.</summary>
    public void Freeze() => _frozen = true;

    private async Task AcceptAsync(int targetPort)
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var target = new TcpClient();
                await target.ConnectAsync(IPAddress.Loopback, targetPort, _stop.Token);
                lock (_connections)
                {
                    _connections.AddRange([client, target]);
                }
                _ = CopyAsync(client.GetStream(), target.GetStream());
                _ = CopyAsync(target.GetStream(), client.GetStream());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    // Bytes across until frozen; then what arrives is held back for good.
    private async Task CopyAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await from.ReadAsync(buffer, _stop.Token) is var read and > 0)
            {
                if (_frozen)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }
        _stop.Dispose();
    }
}
