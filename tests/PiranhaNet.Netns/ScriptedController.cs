using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Netns;

/// <summary>
/// The dashboard's end of the agent channel for any number of agents, scripted by a check that has no dashboard (the
/// test VM): a real WebSocket server on 127.0.0.1 (HttpListener) that keeps each agent's session by the name in its
/// hello, reads and drops what the agents report, and sends what the check tells it to. Agents in namespaces reach it
/// through a <see cref="ControllerRelay"/>. The whole dashboard's side of the same operations is tested on the host.
/// </summary>
public sealed class ScriptedController : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, WebSocket> _agents = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private ScriptedController(int port)
    {
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Where the relays forward to.</summary>
    public Uri Address { get; }

    /// <summary>Raised with the agent's name when an agent says hello (on the connection's thread).</summary>
    public event Action<string>? Greeted;

    /// <summary>Starts listening on <paramref name="port"/> of 127.0.0.1 (a dashboard that comes back where it was).</summary>
    public static ScriptedController Start(int port) => new(port);

    /// <summary>Starts listening on a free port of 127.0.0.1.</summary>
    public static ScriptedController Start()
    {
        // HttpListener takes no port 0: a port the kernel just handed out is free unless something takes it in between.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        probe.Close();
        return new ScriptedController(port);
    }

    /// <summary>True once every agent named has said hello, checked every 100 ms until <paramref name="within"/>.</summary>
    public async Task<bool> ConnectedAsync(IEnumerable<string> names, TimeSpan within)
    {
        var wanted = names.ToList();
        for (var deadline = DateTime.UtcNow + within; !wanted.All(_agents.ContainsKey); await Task.Delay(100))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Sends <paramref name="message"/> to the agent named <paramref name="name"/>, which must be connected.</summary>
    public Task SendAsync(string name, AgentMessage message) =>
        WebSocketMessages.SendAsync(_agents.TryGetValue(name, out var socket) ? socket : throw new InvalidOperationException($"agent {name} is not connected"),
            message, _stop.Token);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;   // closed
            }
            _ = ServeAsync(context);
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            var socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            if (await WebSocketMessages.ReceiveAsync(socket, _stop.Token) is not HelloMessage hello)
            {
                return;
            }
            _agents[hello.Name] = socket;
            Greeted?.Invoke(hello.Name);
            // Status and events are read so the agent's sends never block, and dropped: the check looks at the directors themselves.
            while (await WebSocketMessages.ReceiveAsync(socket, _stop.Token) is not null)
            {
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
            // the agent or the controller went away
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        await _accepting;
        foreach (var socket in _agents.Values)
        {
            socket.Dispose();
        }
        _stop.Dispose();
    }
}
