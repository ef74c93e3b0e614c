using System.Net;
using System.Net.Sockets;

namespace PiranhaNet.Netns;

/// <summary>
/// Lets an agent inside a namespace reach a dashboard on the test machine's loopback: a listener on 127.0.0.1 inside
/// the namespace (whose loopback is its own) that copies each connection's bytes to and from the dashboard's address.
/// Traffic stays on the two loopbacks. Disposing closes the listener and every relayed connection.
/// </summary>
public sealed class ControllerRelay : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _open = [];
    private readonly Task _accepting;

    private ControllerRelay(string netns, IPEndPoint target)
    {
        _target = target;
        _listener = Netns.SocketIn(netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        _accepting = AcceptAsync();
    }

    /// <summary>The address agents in the namespace use as <c>--controller</c>.</summary>
    public Uri Controller => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");

    /// <summary>Starts relaying from 127.0.0.1 in <paramref name="netns"/> to the dashboard at <paramref name="dashboard"/> (http://127.0.0.1:PORT/).</summary>
    public static ControllerRelay Start(string netns, Uri dashboard) => new(netns, new IPEndPoint(IPAddress.Loopback, dashboard.Port));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inside;
            try
            {
                inside = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            lock (_open)
            {
                _open.Add(inside);
                _open.Add(outside);
            }
            _ = RelayAsync(inside, outside);
        }
    }

    private async Task RelayAsync(Socket inside, Socket outside)
    {
        try
        {
            await outside.ConnectAsync(_target, _stop.Token);
            await Task.WhenAny(CopyAsync(inside, outside), CopyAsync(outside, inside));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the dashboard or the agent went away: so does the relayed connection
        }
        finally
        {
            inside.Dispose();
            outside.Dispose();
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
        {
            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        lock (_open)
        {
            foreach (var socket in _open)
            {
                socket.Dispose();
            }
        }
        await _accepting;
        _stop.Dispose();
    }
}
