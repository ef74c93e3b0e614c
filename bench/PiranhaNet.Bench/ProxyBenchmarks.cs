using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
    private const int Rounds = 3;
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);

    public static async Task RunAsync()
    {
        ChildProcesses.RequireHaproxy();
        using var directory = new TempDirectory();
        using var stop = new CancellationTokenSource();
        var replyPorts = StartBackends(stop.Token, stream: false);
        var streamPorts = StartBackends(stop.Token, stream: true);
        var (agentReply, agentStream) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        var (haproxyReply, haproxyStream) = (LoopbackPorts.Free(), LoopbackPorts.Free());

        using var agent = await ChildProcesses.StartAgentAsync(directory.Path, Config((agentReply, replyPorts), (agentStream, streamPorts)), "userspace");
        using var haproxy = ChildProcesses.StartHaproxy(directory.File("haproxy.cfg"),
            [(Loopback(haproxyReply), [.. replyPorts.Select(Loopback)]), (Loopback(haproxyStream), [.. streamPorts.Select(Loopback)])]);
        await WaitListeningAsync(agentReply, agentStream, haproxyReply, haproxyStream);
        Console.WriteLine($"{Backends} backends on loopback; {ConnectionClients} clients opening connections for {RateWindow.TotalSeconds:F0} s; " +
                          $"{StreamClients} downloads of {TrafficLoad.BytesPerStream >> 20} MiB; {Rounds} rounds each, median shown");
        try
        {
            var agentRate = await TrafficLoad.MedianAsync(() => TrafficLoad.ConnectionsPerSecondAsync(new(IPAddress.Loopback, agentReply), ConnectionClients, RateWindow), Rounds);
            var haproxyRate = await TrafficLoad.MedianAsync(() => TrafficLoad.ConnectionsPerSecondAsync(new(IPAddress.Loopback, haproxyReply), ConnectionClients, RateWindow), Rounds);
            Print("new connections/s", agentRate, haproxyRate);
            var agentThroughput = await TrafficLoad.MedianAsync(() => TrafficLoad.ThroughputAsync(new(IPAddress.Loopback, agentStream), StreamClients), Rounds);
            var haproxyThroughput = await TrafficLoad.MedianAsync(() => TrafficLoad.ThroughputAsync(new(IPAddress.Loopback, haproxyStream), StreamClients), Rounds);
            Print("throughput MiB/s", agentThroughput, haproxyThroughput);
        }
        finally
        {
            await stop.CancelAsync();
            ChildProcesses.Stop(agent);
            ChildProcesses.Stop(haproxy);
        }
    }

    private static string Loopback(int port) => $"127.0.0.1:{port}";

    private static void Print(string what, double agent, double haproxy) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-20} userspace agent {agent,10:F0}   haproxy {haproxy,10:F0}   ratio agent/haproxy {agent / haproxy:F2}  (target >= 1.00)"));

    // One rr service per backend set, all on loopback.
    private static LvsConfig Config(params (int Port, int[] Backends)[] services) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
        VirtualServers = [.. services.Select(s => new VirtualServerConfig
        {
            Name = $"vs{s.Port}", Active = true, Address = "127.0.0.1", Port = s.Port, Scheduler = "rr",
            RealServers = [.. s.Backends.Select((port, i) => new RealServerConfig { Name = $"r{i}", Address = "127.0.0.1", Port = port, Active = true })],
        })],
    };

    private static int[] StartBackends(CancellationToken cancellationToken, bool stream)
    {
        var ports = new int[Backends];
        for (var i = 0; i < Backends; i++)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1024);
            ports[i] = ((IPEndPoint)listener.LocalEndPoint!).Port;
            _ = Task.Run(() => TrafficLoad.ServeAsync(listener, stream, cancellationToken), cancellationToken);
        }
        return ports;
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
                    throw new InvalidOperationException($"nothing listens on 127.0.0.1:{port} after 10 s; output:\n{ChildProcesses.Outputs}");
                }
            }
        }
    }
}
