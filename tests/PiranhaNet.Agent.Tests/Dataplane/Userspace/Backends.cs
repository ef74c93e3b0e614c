using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiranhaNet.Agent.Tests.Dataplane.Userspace;

/// <summary>
/// Real TCP servers on 127.0.0.1 that answer each connection with their name, then echo what they receive
/// until the client closes. Stopped (and their ports freed) on dispose.
/// </summary>
public sealed class Backends : IAsyncDisposable
{
    private readonly List<(TcpListener Listener, Task Loop)> _servers = [];
    private readonly CancellationTokenSource _stop = new();

    public Backends(params string[] names)
    {
        foreach (var name in names)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            _servers.Add((listener, ServeAsync(listener, name)));
        }
    }

    /// <summary>Each backend's port, in the order of the names.</summary>
    public int Port(int index) => ((IPEndPoint)_servers[index].Listener.LocalEndpoint).Port;

    private async Task ServeAsync(TcpListener listener, string name)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    try
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(name + "\n"));
                        var buffer = new byte[4096];
                        int read;
                        while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                        {
                            await stream.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                        }
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                    {
                    }
                }
            });
        }
    }

    /// <summary>A free TCP port on 127.0.0.1 for a virtual service (bound and released at once).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var (listener, loop) in _servers)
        {
            listener.Stop();
            await loop;
        }
        _stop.Dispose();
    }
}
