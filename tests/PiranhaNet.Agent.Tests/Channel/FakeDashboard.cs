using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Channel;

/// <summary>
/// The dashboard's end of the agent channel, scripted by a test: a real WebSocket server on 127.0.0.1
/// (HttpListener) that accepts one agent and lets the test send messages and read what the agent sends.
/// </summary>
internal sealed class FakeDashboard : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly HttpListener _listener = new();
    private readonly Channel<AgentMessage> _received = System.Threading.Channels.Channel.CreateUnbounded<AgentMessage>();
    private readonly TaskCompletionSource<WebSocket> _socket = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private bool _disposed;

    public FakeDashboard(int port)
    {
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri Address { get; }

    private async Task AcceptAsync()
    {
        var context = await _listener.GetContextAsync();
        var webSocket = (await context.AcceptWebSocketAsync(null)).WebSocket;
        _socket.SetResult(webSocket);
        try
        {
            while (await WebSocketMessages.ReceiveAsync(webSocket, _stop.Token) is { } message)
            {
                await _received.Writer.WriteAsync(message);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    public async Task SendAsync(AgentMessage message) =>
        await WebSocketMessages.SendAsync(await _socket.Task.WaitAsync(s_wait), message, CancellationToken.None);

    /// <summary>The next message of type <typeparamref name="T"/> the agent sends that matches, skipping others; fails after 10 s.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? matches = null) where T : AgentMessage
    {
        using var timeout = new CancellationTokenSource(s_wait);
        while (true)
        {
            var message = await _received.Reader.ReadAsync(timeout.Token);
            if (message is T typed && (matches?.Invoke(typed) ?? true))
            {
                return typed;
            }
        }
    }

    /// <summary>Goes away (a test may do so before the fixture does): the agent's connection ends. Once is enough.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _stop.CancelAsync();
        _listener.Close();
        _stop.Dispose();
    }
}
