using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Dataplane.Nftables;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Netns;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// The nftables dataplane against the userspace proxy and HAProxy in TCP mode, side by side in one run, in network
/// namespaces on this machine's kernel (<see cref="LoadBalancerLab"/>): the same client (wrk, in the client's
/// namespace), the same real servers (nginx, one in each real server's namespace), each forwarder on its own ports of
/// the VIP in the director's namespace. Client and servers are C programs, so the figures are the forwarders' and not
/// a .NET load generator's. New connections per second (one request a connection, closed by the real server) and
/// throughput (four connections downloading a large file). Then the apply latency of a one-weight change with 1,000
/// services in the table, in a namespace of its own.
/// </summary>
internal static class NftablesBenchmarks
{
    private const int Reals = 4;
    private const int ConnectionClients = 32;
    private const int StreamClients = 4;
    private const int Rounds = 3;
    private const int ReplyPort = 9000;
    private const int StreamPort = 9001;
    private const int Services = 1000;
    private const int RealsPerService = 10;
    private const long FileBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);

    // Each forwarder's two ports on the VIP: reply and stream.
    private static readonly (string Name, int Reply, int Stream)[] s_forwarders = [("nftables", 9000, 9001), ("userspace", 9100, 9101), ("haproxy", 9200, 9201)];

    public static async Task RunAsync()
    {
        if (Netns.Netns.Unavailable() is { } why)
        {
            throw new InvalidOperationException(why);
        }
        ChildProcesses.RequireHaproxy();
        await ForwardingAsync();
        await ApplyLatencyAsync();
    }

    // Each forwarder (and the routed baseline) in a network of its own, built for it and removed after it: no
    // conntrack entry or TIME_WAIT socket of one run is in the way of the next.
    private static async Task ForwardingAsync()
    {
        using var directory = new TempDirectory();
        await using (var file = File.Create(directory.File("file")))
        {
            file.SetLength(FileBytes);
        }
        Console.WriteLine($"wrk in a client namespace, nginx on {Reals} real servers, a director between them (veth), a fresh network for each; " +
                          $"{ConnectionClients} connections at a time, one request each, for {RateWindow.TotalSeconds:F0} s; {StreamClients} connections " +
                          $"downloading a {FileBytes >> 20} MiB file; {Rounds} rounds each, median shown");
        var rates = new Dictionary<string, double>();
        var cpuPerConnection = new Dictionary<string, double>();
        var throughputs = new Dictionary<string, double>();
        foreach (var forwarder in s_forwarders.Select(f => f.Name).Prepend("routed"))
        {
            (rates[forwarder], cpuPerConnection[forwarder], throughputs[forwarder]) = await MeasureAsync(forwarder, directory.Path);
        }
        Print("new connections/s", rates);
        Print("throughput MiB/s", throughputs);
        var routed = cpuPerConnection["routed"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per connection, both cores (wrk, nginx, forwarding): routed straight to the real servers {routed:F0} us " +
            $"({rates["routed"]:F0} connections/s, {throughputs["routed"]:F0} MiB/s); nftables {cpuPerConnection["nftables"]:F0} us, " +
            $"userspace {cpuPerConnection["userspace"]:F0} us, haproxy {cpuPerConnection["haproxy"]:F0} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"forwarding cost above routing, per connection: nftables {cpuPerConnection["nftables"] - routed:F0} us, userspace {cpuPerConnection["userspace"] - routed:F0} us, " +
            $"haproxy {cpuPerConnection["haproxy"] - routed:F0} us"));
    }

    // One forwarder's connections per second, CPU per connection and throughput; "routed" sends each wrk straight to
    // a real server instead (a quarter of the connections to each), through the director without a balancer.
    private static async Task<(double Rate, double CpuPerConnection, double Throughput)> MeasureAsync(string name, string directory)
    {
        await using var lab = LoadBalancerLab.Create(Reals);
        var processes = Enumerable.Range(1, Reals).Select(n => StartNginx(lab.Real(n), LoadBalancerLab.RealAddress(n), directory)).ToList();
        // The widest port range for the client: its connections come and go faster than the default range turns over.
        Netns.Netns.RunIn(lab.Client, () => File.WriteAllText("/proc/sys/net/ipv4/ip_local_port_range", "1024 65000"));
        try
        {
            IPEndPoint[] replies, streams;
            if (name == "routed")
            {
                replies = [.. Enumerable.Range(1, Reals).Select(n => new IPEndPoint(LoadBalancerLab.RealAddress(n), ReplyPort))];
                streams = [.. Enumerable.Range(1, Reals).Select(n => new IPEndPoint(LoadBalancerLab.RealAddress(n), StreamPort))];
            }
            else
            {
                var forwarder = s_forwarders.Single(f => f.Name == name);
                processes.Add(await StartForwarderAsync(forwarder, lab, directory));
                (replies, streams) = ([new(LoadBalancerLab.Vip, forwarder.Reply)], [new(LoadBalancerLab.Vip, forwarder.Stream)]);
            }
            foreach (var target in replies.Concat(streams))
            {
                await WaitAnsweringAsync(lab, target);
            }
            var busy = CpuClock.Busy();
            var rate = await TrafficLoad.MedianAsync(async () =>
                (await Task.WhenAll(replies.Select(target => Wrk(lab, target, ConnectionClients / replies.Length, close: true)))).Sum(), Rounds);
            // Every core's busy time over the rounds, per connection made in them: client, servers and forwarder together.
            var cpu = (CpuClock.Busy() - busy).TotalMicroseconds / (rate * RateWindow.TotalSeconds * Rounds);
            var throughput = await TrafficLoad.MedianAsync(async () =>
                (await Task.WhenAll(streams.Take(StreamClients).Select(target => Wrk(lab, target, StreamClients / Math.Min(StreamClients, streams.Length), close: false, path: "/file")))).Sum(),
                Rounds);
            return (rate, cpu, throughput);
        }
        finally
        {
            processes.ForEach(ChildProcesses.Stop);
        }
    }

    private static async Task<System.Diagnostics.Process> StartForwarderAsync((string Name, int Reply, int Stream) forwarder, LoadBalancerLab lab, string directory)
    {
        if (forwarder.Name != "haproxy")
        {
            return await ChildProcesses.StartAgentAsync(Path.Combine(directory, lab.Director), Config(forwarder), forwarder.Name, lab.Director);
        }
        var reals = Enumerable.Range(1, Reals).Select(n => LoadBalancerLab.RealAddress(n)).ToArray();
        return ChildProcesses.StartHaproxy(Path.Combine(directory, $"{lab.Director}-haproxy.cfg"),
        [
            ($"{LoadBalancerLab.Vip}:{forwarder.Reply}", [.. reals.Select(a => $"{a}:{ReplyPort}")]),
            ($"{LoadBalancerLab.Vip}:{forwarder.Stream}", [.. reals.Select(a => $"{a}:{StreamPort}")]),
        ], lab.Director);
    }

    /// <summary>The machine's CPU time spent busy (not idle or waiting), from /proc/stat.</summary>
    private static class CpuClock
    {
        public static TimeSpan Busy()
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(long.Parse).ToArray();
            // user nice system idle iowait irq softirq steal: all but idle and iowait, in clock ticks of 10 ms.
            var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
            return TimeSpan.FromMilliseconds(busy * 10.0);
        }
    }

    private static void Print(string what, Dictionary<string, double> figures) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-20} nftables {figures["nftables"],9:F0}   userspace {figures["userspace"],9:F0}   haproxy {figures["haproxy"],9:F0}   " +
            $"nftables/userspace {figures["nftables"] / figures["userspace"]:F2} (target >= 3)   nftables/haproxy {figures["nftables"] / figures["haproxy"]:F2} (target > 1)"));

    // nginx in a real server's namespace: a short answer on one port (then it closes, as asked), a file on the other.
    private static System.Diagnostics.Process StartNginx(string netns, IPAddress address, string directory)
    {
        var prefix = Path.Combine(directory, netns);
        Directory.CreateDirectory(prefix);
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log stderr error;
            daemon off;
            events { worker_connections 8192; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}; proxy_temp_path {{prefix}}; fastcgi_temp_path {{prefix}}; uwsgi_temp_path {{prefix}}; scgi_temp_path {{prefix}};
              server { listen {{address}}:{{ReplyPort}} reuseport; location / { return 200 "ok\n"; } }
              server { listen {{address}}:{{StreamPort}}; root {{directory}}; sendfile on; }
            }
            """);
        return ChildProcesses.StartQuiet("ip", "netns", "exec", netns, "nginx", "-c", config, "-p", prefix);
    }

    // One wrk run from the client's namespace: requests (connections, with close) per second, or MiB per second.
    private static async Task<double> Wrk(LoadBalancerLab lab, IPEndPoint target, int connections, bool close, string path = "/")
    {
        string[] arguments = ["netns", "exec", lab.Client, "wrk", "-t", Math.Min(connections, 2).ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{RateWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s", .. close ? new[] { "-H", "Connection: close" } : [],
            $"http://{target}{path}"];
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        if (lines.FirstOrDefault(l => l.StartsWith("Non-2xx", StringComparison.Ordinal) || l.StartsWith("Socket errors", StringComparison.Ordinal)) is { } errors)
        {
            Console.WriteLine($"  wrk against {target}: {errors}");
        }
        return close
            ? double.Parse(Field(lines, "Requests/sec:"), CultureInfo.InvariantCulture)
            : Bytes(Field(lines, "Transfer/sec:")) / (1024.0 * 1024);

        string Field(string[] all, string name) => all.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?[name.Length..].Trim()
            ?? throw new InvalidOperationException($"wrk printed no {name}: {output}");
    }

    // wrk's sizes: 1.23GB, 456.78MB, 12.00KB.
    private static double Bytes(string text)
    {
        var units = new[] { ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1L) };
        var (suffix, scale) = units.First(u => text.EndsWith(u.Item1, StringComparison.Ordinal));
        return double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * scale;
    }

    // Waits until a connection to a target is accepted from the client's namespace (the agents and HAProxy come up in
    // their own time; before the nftables table is there, the director refuses it).
    private static async Task WaitAnsweringAsync(LoadBalancerLab lab, IPEndPoint target)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var connection = await lab.ConnectAsync(target.Address, port: target.Port, timeout: TimeSpan.FromMilliseconds(500));
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                await Task.Delay(200);
            }
        }
        throw new InvalidOperationException($"nothing answers on {target} from the client after 20 s\n{ChildProcesses.Outputs}");
    }

    // One agent's two services on the VIP, rr over every real server; its director has no role in the pair (its
    // primary is elsewhere), so it forwards and manages no address: the VIP is the lab's.
    private static LvsConfig Config((string Name, int Reply, int Stream) forwarder) => new()
    {
        Global = new GlobalSettingsConfig
        {
            Primary = "10.77.0.250", Network = NetworkType.Nat, NatRouterAddress = "10.77.1.1", NatRouterNetmask = "255.255.255.0", NatRouterDevice = "r1:1",
        },
        VirtualServers =
        [
            .. new[] { (Port: forwarder.Reply, Backend: ReplyPort), (Port: forwarder.Stream, Backend: StreamPort) }.Select(s => new VirtualServerConfig
            {
                Name = $"{forwarder.Name}{s.Port}", Active = true, Address = LoadBalancerLab.Vip.ToString(), Device = "c0", Port = s.Port, Scheduler = "rr",
                RealServers = [.. Enumerable.Range(1, Reals).Select(n => new RealServerConfig
                {
                    Name = $"real{n}", Address = LoadBalancerLab.RealAddress(n).ToString(), Port = s.Backend, Active = true,
                })],
            }),
        ],
    };

    // 1,000 services of 10 real servers each in one table, then one weight of one service changed at a time, as the
    // agent does it: the touched service read back, planned, applied.
    private static async Task ApplyLatencyAsync()
    {
        var netns = $"pnbench{Random.Shared.Next(0x10000):x4}";
        Netns.Netns.Ip("netns", "add", netns);
        NftablesDataplane? dataplane = null;
        try
        {
            Netns.Netns.RunIn(netns, () => dataplane = NftablesDataplane.Open(TimeProvider.System));
            var services = Enumerable.Range(0, Services).Select(i => Service(i, weight: 1)).ToArray();
            await Measurement.TimeAsync($"apply {Services} services x {RealsPerService} reals, one transaction", 1,
                async _ => await dataplane!.ApplyAsync(IpvsPlanner.Plan([], services, new HashSet<IpvsServiceKey>()), CancellationToken.None), warmUp: false);
            await Measurement.TimeAsync($"read the whole table ({Services} services)", 5, async _ => await dataplane!.ReadTableAsync(CancellationToken.None));
            await Measurement.TimeAsync($"one weight of one service, at {Services} services", 40, async i =>
            {
                // A service not changed before (the warm-up is i = -1), its first real server from 1 to 6 beside nine of
                // weight 1: totals of 10 and 15, which the ring of 60 slots holds, so the change is ring slots and
                // weights elements only, as the README describes it.
                var changed = Service((i + 1) * 37 % Services, weight: 6);
                var current = await dataplane!.ReadServicesAsync([changed.Key], CancellationToken.None);
                var plan = IpvsPlanner.Plan(current, [changed], new HashSet<IpvsServiceKey> { changed.Key });
                await dataplane.ApplyAsync(plan, CancellationToken.None);
            });
        }
        finally
        {
            if (dataplane is not null)
            {
                await dataplane.DisposeAsync();
            }
            Netns.Netns.Ip("netns", "del", netns);
        }
    }

    // Service i on 10.200.x.y:80; its first real server carries the weight being changed.
    private static IpvsService Service(int i, int weight) => new(
        IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Parse($"10.200.{i / 250}.{i % 250 + 1}"), 80), "wrr", 0, 0, 32,
        [.. Enumerable.Range(0, RealsPerService).Select(r => new IpvsDestination(IPAddress.Parse($"10.201.{i / 25}.{i % 25 * 10 + r + 1}"), 8080,
            IpvsForwarding.Masquerade, r == 0 ? weight : 1))]);
}
