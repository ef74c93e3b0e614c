using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiranhaNet.Netns;

/// <summary>
/// A NAT load balancer's network in namespaces: a client, a director and real servers behind it, each real server on
/// its own link with the director as its gateway (so replies come back through it, as LVS-NAT wants). Each real
/// server greets a TCP connection on port 80 with its name and then echoes, and answers each UDP datagram on port 53
/// with its name. Everything is created under a random prefix and removed on dispose.
/// <code>
///   client 10.77.0.2-.9, fd77::2 ── eth0 | c0  director 10.77.0.1, fd77::1, VIPs 10.77.0.100 and fd77::100
///                                            | rN ── eth0  realN 10.77.N.2, fd77:N::2 (gateway 10.77.N.1, fd77:N::1)
/// </code>
/// </summary>
public sealed class LoadBalancerLab : IAsyncDisposable
{
    /// <summary>The IPv4 virtual IP, on the director's client-side link.</summary>
    public static readonly IPAddress Vip = IPAddress.Parse("10.77.0.100");

    /// <summary>The IPv6 virtual IP.</summary>
    public static readonly IPAddress Vip6 = IPAddress.Parse("fd77::100");

    /// <summary>The real servers' TCP port.</summary>
    public const int TcpPort = 80;

    /// <summary>The real servers' UDP port.</summary>
    public const int UdpPort = 53;

    /// <summary>Extra client addresses 10.77.0.3 to .9, for schedulers that hash the client.</summary>
    public static readonly IReadOnlyList<IPAddress> ClientAddresses = [.. Enumerable.Range(2, 8).Select(i => IPAddress.Parse($"10.77.0.{i}"))];

    private readonly string _prefix = $"lb{Random.Shared.Next(0x10000):x4}";
    private readonly List<string> _namespaces = [];
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _servers = [];
    private readonly CancellationTokenSource _stop = new();

    private LoadBalancerLab(int reals) => Reals = reals;

    /// <summary>How many real servers there are (real1..realN).</summary>
    public int Reals { get; }

    /// <summary>The client's namespace.</summary>
    public string Client => _prefix + "cl";

    /// <summary>The director's namespace.</summary>
    public string Director => _prefix + "dr";

    /// <summary>Real server <paramref name="n"/>'s namespace (1-based).</summary>
    public string Real(int n) => $"{_prefix}r{n}";

    /// <summary>Real server <paramref name="n"/>'s IPv4 address.</summary>
    public static IPAddress RealAddress(int n) => IPAddress.Parse($"10.77.{n}.2");

    /// <summary>Real server <paramref name="n"/>'s IPv6 address.</summary>
    public static IPAddress RealAddress6(int n) => IPAddress.Parse($"fd77:{n}::2");

    /// <summary>Builds the network and starts the real servers; fails saying why without root or the ip command.</summary>
    public static LoadBalancerLab Create(int reals = 3)
    {
        if (Netns.Unavailable() is { } why)
        {
            throw new InvalidOperationException(why);
        }
        var lab = new LoadBalancerLab(reals);
        try
        {
            lab.BuildNetwork();
            for (var n = 1; n <= reals; n++)
            {
                lab.StartRealServers(n);
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
    /// One TCP connection from the client (from <paramref name="source"/>, default 10.77.0.2): the name of the real
    /// server that greeted it, or null when none did within the timeout.
    /// </summary>
    public async Task<string?> RequestAsync(IPAddress vip, IPAddress? source = null, int port = TcpPort, TimeSpan? timeout = null)
    {
        try
        {
            using var socket = await ConnectAsync(vip, source, port, timeout);
            return await ReadLineAsync(socket, timeout ?? TimeSpan.FromSeconds(3));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>A TCP connection from the client to a service, left open for the caller.</summary>
    public async Task<Socket> ConnectAsync(IPAddress vip, IPAddress? source = null, int port = TcpPort, TimeSpan? timeout = null)
    {
        var socket = Netns.SocketIn(Client, vip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(3));
            await socket.ConnectAsync(new IPEndPoint(vip, port), deadline.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads one line (a greeting or an echo) from a connection: its text, or null at its end.</summary>
    public static async Task<string?> ReadLineAsync(Socket socket, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var line = new StringBuilder();
        var one = new byte[1];
        while (await socket.ReceiveAsync(one, SocketFlags.None, deadline.Token) == 1)
        {
            if (one[0] == '\n')
            {
                return line.ToString();
            }
            line.Append((char)one[0]);
        }
        return line.Length > 0 ? line.ToString() : null;
    }

    /// <summary>
    /// <paramref name="count"/> UDP datagrams of <paramref name="size"/> bytes from one client socket (one flow): the
    /// names of the real servers that answered, in order; null where no answer came.
    /// </summary>
    public async Task<List<string?>> UdpExchangeAsync(IPAddress vip, int count = 1, int size = 10, int port = UdpPort)
    {
        using var socket = Netns.SocketIn(Client, vip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var answers = new List<string?>();
        var buffer = new byte[256];
        for (var i = 0; i < count; i++)
        {
            await socket.SendToAsync(new byte[size], SocketFlags.None, new IPEndPoint(vip, port));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                answers.Add(Encoding.ASCII.GetString(buffer, 0, read));
            }
            catch (OperationCanceledException)
            {
                answers.Add(null);
            }
        }
        return answers;
    }

    /// <summary>Runs <c>nft ARGS</c> in the director's namespace (the nft command, independent of the agent's library); its output.</summary>
    public string Nft(params string[] args) => Netns.Ip(["netns", "exec", Director, "nft", .. args]);

    /// <summary>Runs <paramref name="make"/> on a thread inside the director's namespace (a dataplane opened there stays there).</summary>
    public T InDirector<T>(Func<T> make)
    {
        T made = default!;
        Netns.RunIn(Director, () => made = make());
        return made;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        await Task.WhenAll(_servers);
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
        _stop.Dispose();
    }

    private void BuildNetwork()
    {
        foreach (var name in new[] { Client, Director }.Concat(Enumerable.Range(1, Reals).Select(Real)))
        {
            Netns.Ip("netns", "add", name);
            _namespaces.Add(name);
            Netns.Ip("-n", name, "link", "set", "lo", "up");
        }
        Link(Client, "eth0", Director, "c0");
        foreach (var address in ClientAddresses)
        {
            Netns.Ip("-n", Client, "addr", "add", $"{address}/24", "dev", "eth0");
        }
        Netns.Ip("-n", Client, "addr", "add", "fd77::2/64", "dev", "eth0", "nodad");
        Netns.Ip("-n", Client, "route", "add", "default", "via", "10.77.0.1");
        Netns.Ip("-n", Client, "-6", "route", "add", "default", "via", "fd77::1");
        foreach (var address in new[] { "10.77.0.1/24", $"{Vip}/32" })
        {
            Netns.Ip("-n", Director, "addr", "add", address, "dev", "c0");
        }
        foreach (var address in new[] { "fd77::1/64", $"{Vip6}/128" })
        {
            Netns.Ip("-n", Director, "addr", "add", address, "dev", "c0", "nodad");
        }
        for (var n = 1; n <= Reals; n++)
        {
            Link(Real(n), "eth0", Director, $"r{n}");
            Netns.Ip("-n", Director, "addr", "add", $"10.77.{n}.1/24", "dev", $"r{n}");
            Netns.Ip("-n", Director, "addr", "add", $"fd77:{n}::1/64", "dev", $"r{n}", "nodad");
            Netns.Ip("-n", Real(n), "addr", "add", $"{RealAddress(n)}/24", "dev", "eth0");
            Netns.Ip("-n", Real(n), "addr", "add", $"{RealAddress6(n)}/64", "dev", "eth0", "nodad");
            Netns.Ip("-n", Real(n), "route", "add", "default", "via", $"10.77.{n}.1");
            Netns.Ip("-n", Real(n), "-6", "route", "add", "default", "via", $"fd77:{n}::1");
        }
        Netns.RunIn(Director, () =>
        {
            File.WriteAllText("/proc/sys/net/ipv4/ip_forward", "1");
            File.WriteAllText("/proc/sys/net/ipv6/conf/all/forwarding", "1");
        });
    }

    private static void Link(string left, string leftDevice, string right, string rightDevice)
    {
        Netns.Ip("-n", left, "link", "add", leftDevice, "type", "veth", "peer", "name", rightDevice, "netns", right);
        Netns.Ip("-n", left, "link", "set", leftDevice, "up");
        Netns.Ip("-n", right, "link", "set", rightDevice, "up");
    }

    // realN greets each TCP connection with its name and echoes until the client closes; it answers each UDP
    // datagram with its name. One dual-stack socket each, so IPv4 and IPv6 clients alike.
    private void StartRealServers(int n)
    {
        var name = Encoding.ASCII.GetBytes($"real{n}");
        var listener = Netns.SocketIn(Real(n), AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        listener.DualMode = true;
        listener.Bind(new IPEndPoint(IPAddress.IPv6Any, TcpPort));
        listener.Listen(512);
        var udp = Netns.SocketIn(Real(n), AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        udp.DualMode = true;
        udp.Bind(new IPEndPoint(IPAddress.IPv6Any, UdpPort));
        _sockets.AddRange([listener, udp]);
        _servers.Add(Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    _ = EchoAsync(await listener.AcceptAsync(_stop.Token), [.. name, (byte)'\n']);
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
        }));
        _servers.Add(Task.Run(async () =>
        {
            var buffer = new byte[2048];
            EndPoint any = new IPEndPoint(IPAddress.IPv6Any, 0);
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                    await udp.SendToAsync(name, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException)
                {
                    // an ICMP error for an earlier answer
                }
            }
        }));
    }

    private async Task EchoAsync(Socket client, byte[] greeting)
    {
        using (client)
        {
            try
            {
                await client.SendAsync(greeting, SocketFlags.None, _stop.Token);
                var buffer = new byte[4096];
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
}
