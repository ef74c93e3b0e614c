using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Persistence;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// The userspace dataplane against HAProxy in TCP mode, side by side on loopback with the same backends and
/// the same client: new connections per second (each connection gets a short reply and is closed by the
/// backend) and throughput (a few long downloads). The agent runs as its own process, started from a state
/// directory so it needs no dashboard, as HAProxy runs as its own.
/// </summary>
internal static class ProxyBenchmarks
{
    private const int Backends = 4;
    private const int ConnectionClients = 32;
    private const int StreamClients = 4;
    private const long BytesPerStream = 256L * 1024 * 1024;
    private const int Rounds = 3;
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);
    private static readonly byte[] ShortReply = "ok\n"u8.ToArray();

    public static async Task RunAsync()
    {
        RequireHaproxy();
        using var directory = new TempDirectory();
        using var stop = new CancellationTokenSource();
        var replyPorts = StartBackends(stop.Token, stream: false);
        var streamPorts = StartBackends(stop.Token, stream: true);
        var (agentReply, agentStream) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        var (haproxyReply, haproxyStream) = (LoopbackPorts.Free(), LoopbackPorts.Free());

        using var agent = await StartAgentAsync(directory.Path, (agentReply, replyPorts), (agentStream, streamPorts));
        using var haproxy = StartHaproxy(directory.File("haproxy.cfg"), (haproxyReply, replyPorts), (haproxyStream, streamPorts));
        await WaitListeningAsync(agentReply, agentStream, haproxyReply, haproxyStream);
        Console.WriteLine($"{Backends} backends on loopback; {ConnectionClients} clients opening connections for {RateWindow.TotalSeconds:F0} s; " +
                          $"{StreamClients} downloads of {BytesPerStream >> 20} MiB; {Rounds} rounds each, median shown");
        try
        {
            var agentRate = await MedianAsync(() => ConnectionsPerSecondAsync(agentReply));
            var haproxyRate = await MedianAsync(() => ConnectionsPerSecondAsync(haproxyReply));
            Print("new connections/s", agentRate, haproxyRate, "");
            var agentThroughput = await MedianAsync(() => ThroughputAsync(agentStream));
            var haproxyThroughput = await MedianAsync(() => ThroughputAsync(haproxyStream));
            Print("throughput MiB/s", agentThroughput, haproxyThroughput, "");
        }
        finally
        {
            await stop.CancelAsync();
            Stop(agent);
            Stop(haproxy);
        }
    }

    private static void Print(string what, double agent, double haproxy, string note) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-20} userspace agent {agent,10:F0}   haproxy {haproxy,10:F0}   ratio agent/haproxy {agent / haproxy:F2}  (target >= 1.00){note}"));

    private static void RequireHaproxy()
    {
        try
        {
            using var version = Process.Start(new ProcessStartInfo("haproxy", "-v") { RedirectStandardOutput = true })!;
            Console.WriteLine(version.StandardOutput.ReadLine());
            version.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("haproxy is not installed: bench/run installs it (apt-get install haproxy) when run as root");
        }
    }

    // Backends that either answer each connection with a short reply and close it, or stream BytesPerStream and close.
    private static int[] StartBackends(CancellationToken cancellationToken, bool stream)
    {
        var ports = new int[Backends];
        for (var i = 0; i < Backends; i++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start(1024);
            ports[i] = ((IPEndPoint)listener.LocalEndpoint).Port;
            _ = Task.Run(() => ServeAsync(listener, stream, cancellationToken), cancellationToken);
        }
        return ports;
    }

    private static async Task ServeAsync(TcpListener listener, bool stream, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(cancellationToken);
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
                            await client.SendAsync(ShortReply, SocketFlags.None, cancellationToken);
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

    // The agent as a real process, restoring a state directory written here: one rr service per backend set.
    private static async Task<Process> StartAgentAsync(string directory, params (int Port, int[] Backends)[] services)
    {
        var config = new LvsConfig
        {
            Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
            VirtualServers = [.. services.Select(s => new VirtualServerConfig
            {
                Name = $"vs{s.Port}", Active = true, Address = "127.0.0.1", Port = s.Port, Scheduler = "rr",
                RealServers = [.. s.Backends.Select((port, i) => new RealServerConfig { Name = $"r{i}", Address = "127.0.0.1", Port = port, Active = true })],
            })],
        };
        var state = Path.Combine(directory, "agent");
        var keys = DesiredTable.From(config).Select(s => AppliedStateFile.ToStored(s.Key)).ToEquatableArray();
        await new AppliedStateFile(state).SaveAsync(new AppliedState(1, true, config, keys), CancellationToken.None);
        // The controller is a closed loopback port: the agent keeps retrying it and serves from its state meanwhile.
        return StartQuiet("dotnet", PiranhaNet.Netns.AgentBuild.AssemblyPath, "--controller", $"http://127.0.0.1:{LoopbackPorts.Free()}",
            "--token", "bench", "--name", "bench", "--state-dir", state, "--dataplane", "userspace");
    }

    private static Process StartHaproxy(string configPath, params (int Port, int[] Backends)[] services)
    {
        var lines = new List<string>
        {
            // maxconn within this machine's open-file limit (20,000)
            "global", "  maxconn 8000", "defaults", "  mode tcp", "  timeout connect 5s", "  timeout client 60s", "  timeout server 60s",
        };
        foreach (var (port, backends) in services)
        {
            lines.Add($"listen vs{port}");
            lines.Add($"  bind 127.0.0.1:{port}");
            lines.Add("  balance roundrobin");
            lines.AddRange(backends.Select((backend, i) => $"  server r{i} 127.0.0.1:{backend}"));
        }
        File.WriteAllLines(configPath, lines);
        return StartQuiet("haproxy", "-db", "-f", configPath);
    }

    private static Process StartQuiet(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        s_outputs[process] = output;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // What each started process printed, for the error when it does not come up.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Process, System.Text.StringBuilder> s_outputs = new();

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    private static async Task WaitListeningAsync(params int[] ports)
    {
        foreach (var port in ports)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (attempt < 200)
                {
                    await Task.Delay(50);
                }
                catch (SocketException)
                {
                    throw new InvalidOperationException($"nothing listens on 127.0.0.1:{port} after 10 s; output:\n" +
                        string.Join("\n", s_outputs.Select(o => $"{o.Key.StartInfo.FileName}: {o.Value}")));
                }
            }
        }
    }

    private static async Task<double> MedianAsync(Func<Task<double>> measure)
    {
        var samples = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            samples.Add(await measure());
        }
        return samples.Order().ElementAt(samples.Count / 2);
    }

    // ConnectionClients loops, each: connect, read to the backend's close, close; for RateWindow.
    private static async Task<double> ConnectionsPerSecondAsync(int port)
    {
        var completed = 0L;
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, ConnectionClients).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[16];
            while (clock.Elapsed < RateWindow)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port);
                while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
                {
                }
                Interlocked.Increment(ref completed);
            }
        }));
        await Task.WhenAll(clients);
        return completed / clock.Elapsed.TotalSeconds;
    }

    // StreamClients downloads at once, each read to the end; MiB per second over all of them.
    private static async Task<double> ThroughputAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        var received = await Task.WhenAll(Enumerable.Range(0, StreamClients).Select(_ => Task.Run(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
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
}
