using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiranhaNet.Agent.Tests.Dataplane.Userspace;

/// <summary>Real UDP servers on 127.0.0.1 that answer each datagram with "NAME:payload". Stopped on dispose.</summary>
public sealed class UdpBackends : IAsyncDisposable
{
    private readonly List<(UdpClient Socket, Task Loop)> _servers = [];
    private readonly CancellationTokenSource _stop = new();

    public UdpBackends(params string[] names)
    {
        foreach (var name in names)
        {
            var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            _servers.Add((socket, ServeAsync(socket, name)));
        }
    }

    public int Port(int index) => ((IPEndPoint)_servers[index].Socket.Client.LocalEndPoint!).Port;

    private async Task ServeAsync(UdpClient socket, string name)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var request = await socket.ReceiveAsync(_stop.Token);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"{name}:{Encoding.ASCII.GetString(request.Buffer)}"), request.RemoteEndPoint, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends a datagram from <paramref name="client"/> to the proxy and returns the answer.</summary>
    public static async Task<string> AskAsync(UdpClient client, int port, string payload)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.SendAsync(Encoding.ASCII.GetBytes(payload), new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        return Encoding.ASCII.GetString((await client.ReceiveAsync(timeout.Token)).Buffer);
    }

    /// <summary>A free UDP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var (socket, loop) in _servers)
        {
            socket.Dispose();
            await loop;
        }
        _stop.Dispose();
    }
}
