using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiranhaNet.Agent.Tests.Dataplane.Userspace;

/// <summary>A client of the proxy that can choose its source address among 127.0.0.0/8 (to look like different clients).</summary>
public sealed class ProxyClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;

    private ProxyClient(TcpClient client)
    {
        _client = client;
        _reader = new StreamReader(client.GetStream(), Encoding.ASCII);
    }

    /// <summary>Connects from <paramref name="source"/> (default 127.0.0.1) and reads the backend's name.</summary>
    public static async Task<(ProxyClient Client, string Backend)> ConnectAsync(int port, string source = "127.0.0.1")
    {
        var client = new TcpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var proxyClient = new ProxyClient(client);
        var name = await proxyClient._reader.ReadLineAsync(timeout.Token) ?? throw new IOException("the proxy closed the connection before the backend answered");
        return (proxyClient, name);
    }

    /// <summary>Which backend answers a fresh connection (closed at once).</summary>
    public static async Task<string> BackendOfNewConnectionAsync(int port, string source = "127.0.0.1")
    {
        var (client, name) = await ConnectAsync(port, source);
        await client.DisposeAsync();
        return name;
    }

    /// <summary>Sends a line and reads the echo.</summary>
    public async Task<string?> EchoAsync(string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(line + "\n"), timeout.Token);
        return await _reader.ReadLineAsync(timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
