using System.Net;
using System.Net.Sockets;
using System.Text;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Agent.Persistence;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Netns;

/// <summary>
/// A primary and a backup director (and as many more as <see cref="Settings.ExtraDirectors"/> asks) in their own namespaces, a client and a real server, on a public bridge
/// (10.88.0.0/24) and, between the directors, a private bridge (10.89.0.0/24) for the second heartbeat path.
/// The bridges live in a switch namespace, so cutting a path is setting that side of a link down. Everything is
/// created under a random prefix and removed on dispose. The directors run real agent processes on the
/// userspace dataplane, started from a state directory that holds the configuration and the heartbeat key.
/// <code>
///   client 10.88.0.100 ─┐                 ┌─ primary d1 10.88.0.1 (eth0) ── 10.89.0.1 (eth1) ─┐
///   real   10.88.0.11  ─┴─ br0 (public) ──┴─ backup  d2 10.88.0.2 (eth0) ── 10.89.0.2 (eth1) ─┴─ br1 (private)
/// </code>
/// The virtual server is 10.88.0.50:80 on eth0:1 of whichever director is active, forwarding to the real's port 80;
/// a second one is [fd00:88::50]:80 on eth0 (the public network also has fd00:88::/64, the last IPv4 byte as host part).
/// The real greets each connection with its name and then echoes what it is sent, so a test can keep a connection.
/// The same lab runs inside the test VM on the kernel's IPVS (<see cref="Settings.Dataplane"/>, direct routing,
/// the sync daemon) to show that an established connection survives a failover.
/// </summary>
public sealed class DirectorPairLab : IAsyncDisposable
{
    /// <summary>The virtual IP.</summary>
    public static readonly IPAddress Vip = IPAddress.Parse("10.88.0.50");

    /// <summary>The IPv6 virtual IP (a second virtual server on the same real), announced with neighbour advertisements.</summary>
    public static readonly IPAddress Vip6 = IPAddress.Parse("fd00:88::50");

    /// <summary>A second IPv4 virtual IP, free for a configuration of the test's own (<see cref="Settings.Configure"/>), such as a second failover group's.</summary>
    public static readonly IPAddress Vip2 = IPAddress.Parse("10.88.0.51");

    private const int VipPort = 80;
    private readonly string _prefix = $"pn{Random.Shared.Next(0x10000):x4}";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "piranhanet-lab", Guid.NewGuid().ToString("N"));
    private readonly List<string> _namespaces = [];
    private readonly Dictionary<string, AgentProcess> _agents = [];
    // Every agent started, killed ones included, for the transcript.
    private readonly List<(string Director, AgentProcess Agent)> _started = [];
    private readonly CancellationTokenSource _stop = new();
    private Socket? _realListener;
    private string _key = "";
    private Task? _realServer;

    /// <summary>The lab's settings.</summary>
    /// <param name="FailoverService">
    /// Adds failover service "ftp" on 10.88.0.60:2121 (eth0:2), checked every second by connecting; its start_cmd
    /// and stop_cmd add and delete a device "fos-ftp" (a bridge: every kernel with namespaces has those), so the test sees on which director they ran.
    /// </param>
    /// <param name="Dataplane">The agents' dataplane: "userspace", or "ipvs" (then the real takes the VIPs on lo for direct routing).</param>
    /// <param name="SyncDaemon">Run the IPVS connection sync daemon on eth0, syncid 9.</param>
    /// <param name="ExtraDirectors">Directors beyond the pair: d3 at 10.88.0.3 and 10.89.0.3, and so on.</param>
    /// <param name="Configure">Changes the pair's configuration (<see cref="Config"/>) into the test's own, such as a cluster's.</param>
    public sealed record Settings(double Keepalive = 0.2, double Deadtime = 0.6, bool MonitorLinks = false, bool AutoFailback = true,
        bool FailoverService = false, string Dataplane = "userspace", bool SyncDaemon = false, int ExtraDirectors = 0,
        Func<LvsConfig, LvsConfig>? Configure = null);

    private const int RealPort = 80;   // the VIP's port: direct routing does not translate ports
    private Settings _settings = new();

    /// <summary>The failover service's address and port, when <see cref="Settings.FailoverService"/> is on.</summary>
    public static readonly IPEndPoint FailoverServiceEndPoint = new(IPAddress.Parse("10.88.0.60"), 2121);

    private DirectorPairLab()
    {
    }

    /// <summary>The namespace of the primary director.</summary>
    public string Primary => Director(1);

    /// <summary>The namespace of the backup director.</summary>
    public string Backup => Director(2);

    /// <summary>The namespace of director <paramref name="number"/>: 1 the primary, 2 the backup, 3 on the extra ones.</summary>
    public string Director(int number) => $"{_prefix}d{number}";

    /// <summary>Every director's namespace, the primary first.</summary>
    public IEnumerable<string> Directors => Enumerable.Range(1, 2 + _settings.ExtraDirectors).Select(Director);

    /// <summary>Builds the network and starts the real server; agents are started with <see cref="Start"/>.</summary>
    public static DirectorPairLab Create(Settings settings, string? backupKey = null)
    {
        if (Netns.Unavailable() is { } why)
        {
            throw new InvalidOperationException(why);
        }
        var lab = new DirectorPairLab { _settings = settings };
        try
        {
            lab.BuildNetwork();
            lab.StartRealServer();
            var key = lab._key = HeartbeatKey.Generate();
            lab.WriteState(lab.Primary, settings, key);
            lab.WriteState(lab.Backup, settings, backupKey ?? key);
            foreach (var director in lab.Directors.Skip(2))
            {
                lab.WriteState(director, settings, key);
            }
            return lab;
        }
        catch
        {
            lab.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// Starts (or restarts) the agent of a director namespace, named primary, backup, d3 and so on; with a
    /// <paramref name="controller"/> (reached from the namespace, see <see cref="ControllerRelay"/>) and its enrolment
    /// <paramref name="token"/> it connects to that dashboard.
    /// </summary>
    public AgentProcess Start(string director, Uri? controller = null, string token = "lab")
    {
        _agents.GetValueOrDefault(director)?.Kill();
        var agent = new AgentProcess(director, AgentName(director), StateDirectory(director), _settings.Dataplane, controller, token);
        _started.Add((director, agent));
        return _agents[director] = agent;
    }

    /// <summary>
    /// Writes a rotation into one director's key file, as if the dashboard's new key reached it first: a new key,
    /// with the lab's key as the previous one until <paramref name="previousUntil"/>. Takes effect when that agent starts.
    /// </summary>
    public void RotateKeyOn(string director, DateTimeOffset previousUntil) =>
        new HeartbeatKeyFile(StateDirectory(director)).Save(new HeartbeatKeyMessage(HeartbeatKey.Generate(), _key, previousUntil));

    /// <summary>The agent's name of a director namespace: primary, backup, d3 and so on.</summary>
    public string AgentName(string director) => director == Primary ? "primary" : director == Backup ? "backup" : director[^2..];

    /// <summary>The running agent of a director namespace.</summary>
    public AgentProcess Agent(string director) => _agents[director];

    /// <summary>
    /// The failover service itself on <paramref name="director"/>: a listener on its address, bound even while the
    /// director does not hold it (as a service started ahead would be). Dispose it to make the service fail.
    /// </summary>
    public static Socket ServeFailoverService(string director)
    {
        var listener = Netns.SocketIn(director, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetRawSocketOption(0, 15, BitConverter.GetBytes(1));   // IP_FREEBIND
        listener.Bind(FailoverServiceEndPoint);
        listener.Listen(512);   // the check only connects; the kernel completes that from the backlog
        return listener;
    }

    /// <summary>Whether the director's namespace has the device <paramref name="name"/> (what the failover service's commands add and delete).</summary>
    public static bool HasDevice(string director, string name) => Netns.Ip("-n", director, "-o", "link", "show").Contains($": {name}:", StringComparison.Ordinal);

    /// <summary>
    /// Waits up to <paramref name="within"/> until <see cref="Vip"/> is on <paramref name="forVip"/> alone and
    /// <see cref="Vip2"/> on <paramref name="forVip2"/> alone, not asking a <paramref name="killed"/> director (its
    /// namespace keeps what it held); false when that did not come.
    /// </summary>
    public Task<bool> HoldsOnlyAsync(string forVip, string forVip2, TimeSpan within, string? killed = null) =>
        EventuallyAsync(() => Directors.Where(d => d != killed).All(d => AddressesOf(d) is var held && held.Contains(Vip) == (d == forVip)
            && held.Contains(Vip2) == (d == forVip2)), within);

    /// <summary>Whether the director's namespace holds the virtual IP now.</summary>
    public bool HoldsVip(string director) => Holds(director, Vip);

    /// <summary>Whether the director's namespace holds <paramref name="address"/> now.</summary>
    public static bool Holds(string director, IPAddress address) => Netns.Ip("-n", director, "-o", "addr", "show").Contains($" {address}/", StringComparison.Ordinal);

    /// <summary>
    /// Every address in the director's namespace, read in-process (getifaddrs on a thread inside it): quick enough to
    /// sample several directors many times a second, where an <c>ip</c> process per look is not.
    /// </summary>
    public static HashSet<IPAddress> AddressesOf(string director)
    {
        var addresses = new HashSet<IPAddress>();
        Netns.RunIn(director, () => addresses.UnionWith(System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address)));
        return addresses;
    }

    /// <summary>Sets the switch's side of a director's public (eth0) or private (eth1) link up or down; down cuts that path and drops the director's carrier.</summary>
    public void SetLink(string director, bool publicLink, bool up) =>
        Netns.Ip("-n", _prefix + "sw", "link", "set", $"{(publicLink ? "p" : "q")}-{director[^2..]}", up ? "up" : "down");

    /// <summary>A connection from the client to the virtual server, kept open by the caller; the real greets it with "real1".</summary>
    public async Task<Socket> ConnectAsync(TimeSpan timeout, IPAddress? vip = null)
    {
        vip ??= Vip;
        var socket = Netns.SocketIn(_prefix + "cl", vip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(vip, VipPort), deadline.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command in a namespace (<c>ip netns exec</c>), such as <c>ipvsadm -Lnc</c> on a director; its output.</summary>
    public static string Exec(string netns, params string[] command) => Netns.Ip(["netns", "exec", netns, .. command]);

    /// <summary>One request from the client to the virtual server: the real's reply, or null when it failed within <paramref name="timeout"/>.</summary>
    public async Task<string?> RequestAsync(TimeSpan timeout, IPAddress? vip = null) => (await TryRequestAsync(timeout, vip)).Reply;

    /// <summary>
    /// One request from the client to the virtual server: the real's reply, or how it failed ("timeout", "closed"
    /// without a reply, or the socket error, such as ConnectionReset).
    /// </summary>
    public async Task<(string? Reply, string? Failure)> TryRequestAsync(TimeSpan timeout, IPAddress? vip = null)
    {
        vip ??= Vip;
        using var socket = Netns.SocketIn(_prefix + "cl", vip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(vip, VipPort), deadline.Token);
            var buffer = new byte[64];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            return read > 0 ? (Encoding.ASCII.GetString(buffer, 0, read).Trim(), null) : (null, "closed");
        }
        catch (SocketException e)
        {
            return (null, e.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException)
        {
            return (null, "timeout");
        }
    }

    /// <summary>Requests until one succeeds or <paramref name="within"/> passes; true when one did.</summary>
    public async Task<bool> RequestSucceedsAsync(TimeSpan within, IPAddress? vip = null)
    {
        var deadline = DateTime.UtcNow + within;
        do
        {
            if (await RequestAsync(TimeSpan.FromMilliseconds(300), vip) is not null)
            {
                return true;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        return false;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for <paramref name="condition"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>Everything both agents printed, for a failing assertion's message.</summary>
    public string Transcript() => string.Join('\n', _started.SelectMany(a => a.Agent.Lines
        .Where(line => !line.Contains("connection to http://127.0.0.1:9/ failed", StringComparison.Ordinal))   // no dashboard in the lab
        .Select(line => $"[{a.Director}] {line}")));

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, agent) in _started)
        {
            agent.Dispose();
        }
        await _stop.CancelAsync();
        _realListener?.Dispose();
        if (_realServer is not null)
        {
            await _realServer;
        }
        foreach (var name in _namespaces)
        {
            try
            {
                Netns.Ip("netns", "del", name);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
        _stop.Dispose();
    }

    private void BuildNetwork()
    {
        var directors = Enumerable.Range(1, 2 + _settings.ExtraDirectors).Select(n => ($"d{n}", $"10.88.0.{n}")).ToList();
        var hosts = new[] { ("cl", "10.88.0.100"), ("r1", "10.88.0.11") }.Concat(directors).ToArray();
        var sw = _prefix + "sw";
        foreach (var name in hosts.Select(h => h.Item1).Append("sw"))
        {
            Netns.Ip("netns", "add", _prefix + name);
            _namespaces.Add(_prefix + name);
            Netns.Ip("-n", _prefix + name, "link", "set", "lo", "up");
        }
        foreach (var bridge in new[] { "br0", "br1" })
        {
            Netns.Ip("-n", sw, "link", "add", bridge, "type", "bridge");
            Netns.Ip("-n", sw, "link", "set", bridge, "up");
        }
        foreach (var (host, address) in hosts)
        {
            Plug(sw, $"p-{host}", "br0", _prefix + host, "eth0", address);
        }
        foreach (var (director, address) in directors)
        {
            Plug(sw, $"q-{director}", "br1", _prefix + director, "eth1", address.Replace("10.88.", "10.89.", StringComparison.Ordinal));
        }
        // The client makes tens of thousands of short connections in a benchmark: without reusing ports in TIME_WAIT it
        // would run out of local ports (a failure of the client, not of the directors).
        Netns.RunIn(_prefix + "cl", () => File.WriteAllText("/proc/sys/net/ipv4/tcp_tw_reuse", "1"));
        if (_settings.Dataplane == "ipvs")
        {
            // Direct routing: the real accepts the VIPs on lo and never answers ARP for them.
            Netns.Ip("-n", _prefix + "r1", "addr", "add", $"{Vip}/32", "dev", "lo");
            Netns.Ip("-n", _prefix + "r1", "addr", "add", $"{Vip6}/128", "dev", "lo");
            Netns.RunIn(_prefix + "r1", () =>
            {
                File.WriteAllText("/proc/sys/net/ipv4/conf/all/arp_ignore", "1");
                File.WriteAllText("/proc/sys/net/ipv4/conf/all/arp_announce", "2");
            });
        }
    }

    // A veth from the switch's bridge to a host's device, with the host's address on it.
    private static void Plug(string sw, string switchEnd, string bridge, string host, string device, string address)
    {
        Netns.Ip("-n", sw, "link", "add", switchEnd, "type", "veth", "peer", "name", device, "netns", host);
        Netns.Ip("-n", sw, "link", "set", switchEnd, "master", bridge, "up");
        Netns.Ip("-n", host, "addr", "add", $"{address}/24", "dev", device);
        if (device == "eth0")
        {
            Netns.Ip("-n", host, "addr", "add", $"fd00:88::{address.Split('.')[^1]}/64", "dev", device, "nodad");
        }
        Netns.Ip("-n", host, "link", "set", device, "up");
    }

    // The real server greets every connection with its name, then echoes what it is sent until the client closes.
    private void StartRealServer()
    {
        _realListener = Netns.SocketIn(_prefix + "r1", AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        _realListener.DualMode = true;   // IPv4 and IPv6 clients alike
        _realListener.Bind(new IPEndPoint(IPAddress.IPv6Any, RealPort));
        _realListener.Listen(512);
        _realServer = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    _ = ServeAsync(await _realListener.AcceptAsync(_stop.Token));
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException)
                {
                    // a client that went away first
                }
            }
        });
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                await client.SendAsync("real1\n"u8.ToArray(), SocketFlags.None, _stop.Token);
                var buffer = new byte[256];
                int read;
                while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // the lab is closing, or the client went away
            }
        }
    }

    private string StateDirectory(string director) => Path.Combine(_root, director);

    private void WriteState(string director, Settings settings, string key)
    {
        var directory = StateDirectory(director);
        new AppliedStateFile(directory).SaveAsync(new AppliedState(1, true, Config(settings), []), CancellationToken.None).GetAwaiter().GetResult();
        new HeartbeatKeyFile(directory).Save(new HeartbeatKeyMessage(key, null, null));
    }

    /// <summary>The pair's configuration, as the dashboard would push it.</summary>
    public static LvsConfig Config(Settings settings) =>
        (settings.Configure ?? (c => c))(settings.FailoverService ? FailoverServiceConfig(settings) : VirtualServerConfig(settings));

    private static LvsConfig VirtualServerConfig(Settings settings) => new()
    {
        Global = new GlobalSettingsConfig
        {
            Primary = "10.88.0.1", PrimaryPrivate = "10.89.0.1", Network = NetworkType.Direct,
            SyncDaemon = new SyncDaemonConfig { Enabled = settings.SyncDaemon, Interface = "eth0", Id = 9 },
        },
        Redundancy = new RedundancyConfig
        {
            Enabled = true, Heartbeat = true, Backup = "10.88.0.2", BackupPrivate = "10.89.0.2",
            Keepalive = settings.Keepalive, Deadtime = settings.Deadtime, MonitorLinks = settings.MonitorLinks, AutoFailback = settings.AutoFailback,
        },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = Vip.ToString(), Device = "eth0:1", VipNetmask = "255.255.255.255", Port = VipPort,
                Scheduler = "rr",
                RealServers = [new RealServerConfig { Name = "real1", Address = "10.88.0.11", Port = RealPort, Active = true }],
            },
            new VirtualServerConfig
            {
                Name = "web6", Active = true, Address = Vip6.ToString(), Device = "eth0", VipNetmask = "128", Port = VipPort, Scheduler = "rr",
                RealServers = [new RealServerConfig { Name = "real1", Address = "fd00:88::11", Port = RealPort, Active = true }],
            },
        ],
    };

    // Piranha's service = fos: failover services instead of virtual servers.
    private static LvsConfig FailoverServiceConfig(Settings settings) => VirtualServerConfig(settings) with
    {
        Service = ServiceKind.Fos,
        VirtualServers = [],
        FailoverServices =
        [
            new FailoverServiceConfig
            {
                Name = "ftp", Active = true, Address = FailoverServiceEndPoint.Address.ToString(), Device = "eth0:2", VipNetmask = "255.255.255.255",
                Port = FailoverServiceEndPoint.Port, Timeout = 1, Reentry = 60,
                StartCommand = $"{IpCommand()} link add fos-ftp type bridge", StopCommand = $"{IpCommand()} link del fos-ftp",
            },
        ],
    };

    private static string IpCommand() =>
        new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("no ip command");
}
