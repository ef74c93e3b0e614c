using System.Net;
using System.Net.Sockets;
using System.Text;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Agent.State;
using PiranhaNet.Core.Heartbeat;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Netns;

namespace PiranhaNet.Agent.KernelChecks;

/// <summary>
/// Two directors running the real agent with the kernel's IPVS, in their own namespaces inside the VM: the
/// standby keeps the table loaded and runs the backup sync daemon, so a client's established connection goes
/// on through the backup after the active agent is killed.
/// <code>
///   client 10.78.0.100, director d1 10.78.0.1, director d2 10.78.0.2, real 10.78.0.11 (VIP on lo: direct routing)
///   all on one bridge; VIP 10.78.0.50:9000 on eth0:1 of the active director; sync daemon on eth0, syncid 9
/// </code>
/// </summary>
public static partial class KernelIpvsChecks
{
    private const string Vip = "10.78.0.50";
    private const int EchoPort = 9000;

    private static async Task FailoverKeepsEstablishedConnections()
    {
        Require(Environment.GetEnvironmentVariable("PIRANHANET_KERNEL_NETNS") == "1", "needs the network namespaces of run-in-vm.sh");
        var prefix = "fo";
        var root = Path.Combine(StateDirectory, "failover");
        var namespaces = new[] { "sw", "cl", "d1", "d2", "rl" }.Select(n => prefix + n).ToArray();
        var agents = new List<AgentProcess>();
        using var stop = new CancellationTokenSource();
        Socket? echo = null;
        try
        {
            BuildFailoverNetwork(prefix);
            echo = StartEcho(prefix + "rl", stop.Token);
            var key = HeartbeatKey.Generate();
            foreach (var director in new[] { "d1", "d2" })
            {
                var directory = Path.Combine(root, director);
                await new AgentStateStore(directory).SaveAsync(new AppliedState(1, true, FailoverConfig(), []), CancellationToken.None);
                new HeartbeatKeyFile(directory).Save(new HeartbeatKeyMessage(key, null, null));
            }
            var primary = new AgentProcess(prefix + "d1", "d1", Path.Combine(root, "d1"), "ipvs");
            agents.Add(primary);
            var backup = new AgentProcess(prefix + "d2", "d2", Path.Combine(root, "d2"), "ipvs");
            agents.Add(backup);
            string Transcript() => string.Join(" | ", agents.SelectMany(a => a.Lines).Where(l => !l.Contains("127.0.0.1:9", StringComparison.Ordinal)));

            Require(await primary.WaitForAsync("-> active: primary", TimeSpan.FromSeconds(90)), "the primary never became active: " + Transcript());
            Require(await backup.WaitForAsync("sync daemon backup eth0 syncid 9 started", TimeSpan.FromSeconds(60)), "no backup sync daemon: " + Transcript());
            using var client = Netns.Netns.SocketIn(prefix + "cl", AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(IPAddress.Parse(Vip), EchoPort).WaitAsync(TimeSpan.FromSeconds(20));
            Require(await EchoAsync(client, "before") == "before", "no echo through the primary");
            Require(await EventuallyAsync(async () => (await RunAsync("ip", $"netns exec {prefix}d2 ipvsadm -Lnc")).Contains($"{Vip}:{EchoPort}", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30)), "the backup's table never received the connection from the sync daemon: " + await SyncStateAsync(prefix) + Transcript());

            // The primary director dies: its agent is killed and it drops off the network. Killing the agent alone would
            // leave the kernel forwarding on d1 (its table and addresses outlive the process).
            primary.Kill();
            Netns.Netns.Ip("-n", prefix + "sw", "link", "set", "p-d1", "down");

            Require(await backup.WaitForAsync("standby -> active", TimeSpan.FromSeconds(60)), "the backup never took over: " + Transcript());
            var after = await EchoAsync(client, "after");
            Require(after == "after", $"the established connection did not survive the failover (got '{after}'): {Transcript()}");
            using var fresh = Netns.Netns.SocketIn(prefix + "cl", AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await fresh.ConnectAsync(IPAddress.Parse(Vip), EchoPort).WaitAsync(TimeSpan.FromSeconds(20));
            Require(await EchoAsync(fresh, "new") == "new", "no new connection through the backup");
        }
        finally
        {
            agents.ForEach(a => a.Dispose());
            await stop.CancelAsync();
            echo?.Dispose();
            foreach (var name in namespaces)
            {
                try
                {
                    Netns.Netns.Ip("netns", "del", name);
                }
                catch (InvalidOperationException)
                {
                    // not created
                }
            }
        }
    }

    // Both directors' sync daemons and connection tables, for a failure message.
    private static async Task<string> SyncStateAsync(string prefix)
    {
        var state = new StringBuilder();
        foreach (var director in new[] { "d1", "d2" })
        {
            state.Append(director).Append(": ").Append(await RunAsync("ip", $"netns exec {prefix}{director} ipvsadm -L --daemon"))
                .Append(await RunAsync("ip", $"netns exec {prefix}{director} ipvsadm -Lnc")).Append(" | ")
                .Append(string.Join(" ", (await RunAsync("ip", $"netns exec {prefix}{director} cat /proc/net/snmp /proc/net/netstat")).Split('\n').Where(l => l.StartsWith("Udp:") || l.StartsWith("IpExt:")))).Append(" | ");
        }
        return state.ToString().ReplaceLineEndings(" | ");
    }

    private static void BuildFailoverNetwork(string prefix)
    {
        var sw = prefix + "sw";
        foreach (var name in new[] { "sw", "cl", "d1", "d2", "rl" })
        {
            Netns.Netns.Ip("netns", "add", prefix + name);
            Netns.Netns.Ip("-n", prefix + name, "link", "set", "lo", "up");
        }
        Netns.Netns.Ip("-n", sw, "link", "add", "br0", "type", "bridge");
        Netns.Netns.Ip("-n", sw, "link", "set", "br0", "up");
        foreach (var (host, address) in new[] { ("cl", "10.78.0.100"), ("d1", "10.78.0.1"), ("d2", "10.78.0.2"), ("rl", "10.78.0.11") })
        {
            Netns.Netns.Ip("-n", sw, "link", "add", $"p-{host}", "type", "veth", "peer", "name", "eth0", "netns", prefix + host);
            Netns.Netns.Ip("-n", sw, "link", "set", $"p-{host}", "master", "br0", "up");
            Netns.Netns.Ip("-n", prefix + host, "addr", "add", $"{address}/24", "dev", "eth0");
            Netns.Netns.Ip("-n", prefix + host, "link", "set", "eth0", "up");
        }
        // Direct routing: the real accepts the VIP on lo and never answers ARP for it.
        Netns.Netns.Ip("-n", prefix + "rl", "addr", "add", $"{Vip}/32", "dev", "lo");
        Netns.Netns.RunIn(prefix + "rl", () =>
        {
            File.WriteAllText("/proc/sys/net/ipv4/conf/all/arp_ignore", "1");
            File.WriteAllText("/proc/sys/net/ipv4/conf/all/arp_announce", "2");
        });
    }

    // An echo server in the real's namespace: each line comes back.
    private static Socket StartEcho(string netns, CancellationToken cancellationToken)
    {
        var listener = Netns.Netns.SocketIn(netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, EchoPort));
        listener.Listen(16);
        _ = Task.Run(async () =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var connection = await listener.AcceptAsync(cancellationToken);
                    _ = Task.Run(async () =>
                    {
                        using (connection)
                        {
                            var buffer = new byte[256];
                            int read;
                            while ((read = await connection.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
                            {
                                await connection.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
                            }
                        }
                    }, CancellationToken.None);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
        return listener;
    }

    private static async Task<string> EchoAsync(Socket socket, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(text + "\n"), SocketFlags.None, timeout.Token);
            var buffer = new byte[256];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).Trim();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return $"error: {e.Message}";
        }
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(250);
        }
        return true;
    }

    private static LvsConfig FailoverConfig() => new()
    {
        Global = new GlobalSettingsConfig
        {
            Primary = "10.78.0.1", Network = NetworkType.Direct,
            SyncDaemon = new SyncDaemonConfig { Enabled = true, Interface = "eth0", Id = 9 },
        },
        // Emulated CPU: heartbeats at 0.5 s, dead after 3 s, so a slow tick is not taken for a dead director.
        Redundancy = new RedundancyConfig { Enabled = true, Heartbeat = true, Backup = "10.78.0.2", Keepalive = 0.5, Deadtime = 3 },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "echo", Active = true, Address = Vip, Device = "eth0:1", VipNetmask = "255.255.255.255", Port = EchoPort, Scheduler = "rr",
                RealServers = [new RealServerConfig { Name = "real", Address = "10.78.0.11", Port = EchoPort, Active = true }],
            },
        ],
    };
}
