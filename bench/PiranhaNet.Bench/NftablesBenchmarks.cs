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
/// namespaces on this machine's kernel (<see cref="LoadBalancerLab"/>): the same client process in the client's
/// namespace, the same real servers, each forwarder on its own ports of the VIP in the director's namespace. New
/// connections per second (a short reply, closed by the real server) and throughput (long downloads). Then the apply
/// latency of a one-weight change with 1,000 services in the table, in a namespace of its own.
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

    private static async Task ForwardingAsync()
    {
        await using var lab = LoadBalancerLab.Create(Reals);
        using var directory = new TempDirectory();
        using var stop = new CancellationTokenSource();
        for (var n = 1; n <= Reals; n++)
        {
            StartBackend(lab.Real(n), ReplyPort, stream: false, stop.Token);
            StartBackend(lab.Real(n), StreamPort, stream: true, stop.Token);
        }
        // The client's connections come from eight addresses with the widest port range, so ports are never what runs out.
        Netns.Netns.RunIn(lab.Client, () => File.WriteAllText("/proc/sys/net/ipv4/ip_local_port_range", "1024 65000"));
        using var nftables = await ChildProcesses.StartAgentAsync(directory.Path, Config(s_forwarders[0]), "nftables", lab.Director);
        using var userspace = await ChildProcesses.StartAgentAsync(directory.Path, Config(s_forwarders[1]), "userspace", lab.Director);
        var haproxyTarget = Enumerable.Range(1, Reals).Select(n => LoadBalancerLab.RealAddress(n)).ToArray();
        using var haproxy = ChildProcesses.StartHaproxy(directory.File("haproxy.cfg"),
        [
            ($"{LoadBalancerLab.Vip}:{s_forwarders[2].Reply}", [.. haproxyTarget.Select(a => $"{a}:{ReplyPort}")]),
            ($"{LoadBalancerLab.Vip}:{s_forwarders[2].Stream}", [.. haproxyTarget.Select(a => $"{a}:{StreamPort}")]),
        ], lab.Director);
        try
        {
            foreach (var (_, reply, stream) in s_forwarders)
            {
                await LoadClient.MeasureAsync(lab.Client, "probe", new(LoadBalancerLab.Vip, reply));
                await LoadClient.MeasureAsync(lab.Client, "probe", new(LoadBalancerLab.Vip, stream));
            }
            Console.WriteLine($"client, director and {Reals} real servers in network namespaces (veth); {ConnectionClients} clients opening connections for " +
                              $"{RateWindow.TotalSeconds:F0} s; {StreamClients} downloads of {TrafficLoad.BytesPerStream >> 20} MiB; {Rounds} rounds each, median shown");
            var rates = new Dictionary<string, double>();
            var throughputs = new Dictionary<string, double>();
            foreach (var (name, reply, _) in s_forwarders)
            {
                rates[name] = await TrafficLoad.MedianAsync(() => LoadClient.MeasureAsync(lab.Client, "connections", new(LoadBalancerLab.Vip, reply), ConnectionClients,
                    RateWindow, LoadBalancerLab.ClientAddresses), Rounds);
            }
            foreach (var (name, _, stream) in s_forwarders)
            {
                throughputs[name] = await TrafficLoad.MedianAsync(() => LoadClient.MeasureAsync(lab.Client, "throughput", new(LoadBalancerLab.Vip, stream), StreamClients), Rounds);
            }
            Print("new connections/s", rates);
            Print("throughput MiB/s", throughputs);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var process in new[] { nftables, userspace, haproxy })
            {
                ChildProcesses.Stop(process);
            }
        }
    }

    private static void Print(string what, Dictionary<string, double> figures) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-20} nftables {figures["nftables"],9:F0}   userspace {figures["userspace"],9:F0}   haproxy {figures["haproxy"],9:F0}   " +
            $"nftables/userspace {figures["nftables"] / figures["userspace"]:F2}   nftables/haproxy {figures["nftables"] / figures["haproxy"]:F2}"));

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

    private static void StartBackend(string netns, int port, bool stream, CancellationToken cancellationToken)
    {
        var listener = Netns.Netns.SocketIn(netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Any, port));
        listener.Listen(4096);
        _ = Task.Run(() => TrafficLoad.ServeAsync(listener, stream, cancellationToken), cancellationToken);
    }

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
                var changed = Service(Math.Abs(i) * 37 % Services, weight: 2 + (i & 1));
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
