using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Bench;

/// <summary>
/// A listener on every real server of a configuration (all on loopback addresses) that answers each connection
/// with an HTTP status line and closes it, so the agent's health checks find every server up.
/// </summary>
internal sealed class AnsweringServers : IDisposable
{
    private static readonly byte[] s_reply = "HTTP/1.0 200 OK\r\n\r\n"u8.ToArray();
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();

    public AnsweringServers(LvsConfig config)
    {
        var endpoints = config.VirtualServers.SelectMany(vs => vs.RealServers.Select(rs => new IPEndPoint(IPAddress.Parse(rs.Address), rs.Port ?? vs.Port))).Distinct();
        foreach (var endpoint in endpoints)
        {
            var listener = new TcpListener(endpoint);
            listener.Start();
            _listeners.Add(listener);
            _ = AnswerAsync(listener);
        }
    }

    private async Task AnswerAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await listener.AcceptSocketAsync(_stop.Token);
                await client.SendAsync(s_reply, SocketFlags.None);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listeners.ForEach(l => l.Stop());
        _stop.Dispose();
    }
}
