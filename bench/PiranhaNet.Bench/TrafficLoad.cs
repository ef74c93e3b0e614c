using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PiranhaNet.Bench;

/// <summary>
/// The traffic the dataplane benchmarks compare with: backends that answer each connection with a short reply and
/// close it (so the backend closes first and keeps the TIME_WAIT), or stream a fixed amount; and clients that open
/// connections back to back or download at once. The same code measures every dataplane.
/// </summary>
internal static class TrafficLoad
{
    /// <summary>What a streaming backend sends on each connection.</summary>
    public const long BytesPerStream = 256L * 1024 * 1024;

    private static readonly byte[] s_shortReply = "ok\n"u8.ToArray();

    /// <summary>Accepts on <paramref name="listener"/> until cancelled: a short reply and close, or a stream of <see cref="BytesPerStream"/>.</summary>
    public static async Task ServeAsync(Socket listener, bool stream, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(listener.Dispose);
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        if (!stream)
                        {
                            await client.SendAsync(s_shortReply, SocketFlags.None, cancellationToken);
                            return;
                        }
                        var chunk = new byte[64 * 1024];
                        for (long sent = 0; sent < BytesPerStream; sent += chunk.Length)
                        {
                            await client.SendAsync(chunk, SocketFlags.None, cancellationToken);
                        }
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException)
                    {
                    }
                }
            }, cancellationToken);
        }
    }

    /// <summary>
    /// <paramref name="clients"/> loops, each: connect (from the next of <paramref name="sources"/>, when given), read to
    /// the backend's close, close; for <paramref name="window"/>. Completed connections per second.
    /// </summary>
    public static async Task<double> ConnectionsPerSecondAsync(IPEndPoint target, int clients, TimeSpan window, IReadOnlyList<IPAddress>? sources = null)
    {
        var completed = 0L;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var buffer = new byte[16];
            while (clock.Elapsed < window)
            {
                using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                if (sources is { Count: > 0 })
                {
                    socket.Bind(new IPEndPoint(sources[client % sources.Count], 0));
                }
                await socket.ConnectAsync(target);
                while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
                {
                }
                Interlocked.Increment(ref completed);
            }
        }));
        await Task.WhenAll(loops);
        return completed / clock.Elapsed.TotalSeconds;
    }

    /// <summary><paramref name="clients"/> downloads at once, each read to the end; MiB per second over all of them.</summary>
    public static async Task<double> ThroughputAsync(IPEndPoint target, int clients)
    {
        var clock = Stopwatch.StartNew();
        var received = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(target);
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                total += read;
            }
            return total;
        })));
        if (received.Any(r => r != BytesPerStream))
        {
            throw new InvalidOperationException($"a download was cut short: {string.Join(", ", received)} bytes");
        }
        return received.Sum() / (1024.0 * 1024) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The median of <paramref name="rounds"/> measurements.</summary>
    public static async Task<double> MedianAsync(Func<Task<double>> measure, int rounds)
    {
        var samples = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            samples.Add(await measure());
        }
        return samples.Order().ElementAt(samples.Count / 2);
    }
}
