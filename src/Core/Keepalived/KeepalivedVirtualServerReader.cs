using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// A <c>virtual_server</c> block read into the model: one virtual server per address it answers on (a
/// virtual_server_group gives several, each with the same real servers, as keepalived makes one IPVS service for each).
/// </summary>
internal static class KeepalivedVirtualServerReader
{
    /// <summary>Settings that tune keepalived's own checker loop or mail and change nothing PiranhaNet does.</summary>
    private static readonly Dictionary<string, string> s_ignored = new(StringComparer.Ordinal)
    {
        ["ip_family"] = "the family follows the addresses",
        ["smtp_alert"] = "PiranhaNet sends no mail; its events and failover history record what happened",
    };

    /// <summary>Settings PiranhaNet has no counterpart for, whose loss changes behaviour.</summary>
    private static readonly Dictionary<string, string> s_unsupported = new(StringComparer.Ordinal)
    {
        ["quorum"] = "PiranhaNet has no real-server quorum",
        ["quorum_up"] = "PiranhaNet has no real-server quorum",
        ["quorum_down"] = "PiranhaNet has no real-server quorum",
        ["hysteresis"] = "PiranhaNet has no real-server quorum",
        ["ha_suspend"] = "PiranhaNet checks real servers on every director, active or not",
        ["alpha"] = "PiranhaNet starts real servers up and takes them out when a check fails",
        ["omega"] = "PiranhaNet has no real-server quorum",
        ["sorry_server_inhibit"] = "PiranhaNet adds the sorry server with the weight it is given",
        ["sorry_server_lvs_method"] = "the sorry server is reached with the virtual server's own forwarding method",
        ["ops"] = "PiranhaNet has no one-packet scheduling",
    };

    /// <summary>One virtual server read, where its block starts, and its lb_kind (NAT when not given, as in keepalived).</summary>
    /// <paramref name="Fields"/> holds where each model field was set (its JSON name) and where each real server starts
    /// (<c>realServers[NAME]</c>), so validation problems point at their line.
    public sealed record Read(VirtualServerConfig Server, FileLocation Location, NetworkType? Forwarding, IReadOnlyDictionary<string, FileLocation> Fields);

    // The model field each keyword sets, for locating validation problems.
    private static readonly Dictionary<string, string> s_fieldOf = new(StringComparer.Ordinal)
    {
        ["delay_loop"] = "timeout", ["lb_algo"] = "scheduler", ["lvs_sched"] = "scheduler", ["persistence_timeout"] = "persistent",
        ["persistence_granularity"] = "persistenceNetmask", ["protocol"] = "protocol", ["sorry_server"] = "sorryServer",
        ["sh-port"] = "schedulerFlags", ["sh-fallback"] = "schedulerFlags", ["mh-port"] = "schedulerFlags", ["mh-fallback"] = "schedulerFlags",
    };

    /// <summary>The virtual servers of <paramref name="block"/>; <paramref name="groups"/> are the virtual_server_groups read so far.</summary>
    public static IReadOnlyList<Read> ReadBlock(KeepalivedStatement block, IReadOnlyDictionary<string, IReadOnlyList<KeepalivedServiceAddress>> groups, ImportDiagnostics diagnostics)
    {
        var (addresses, group) = AddressesOf(block, groups, diagnostics);
        var server = new VirtualServerConfig
        {
            Name = "",
            Active = true,
            // keepalived checks every 60 s by default and puts a server back after one good check.
            Timeout = 60,
            Reentry = 0,
        };
        NetworkType? forwarding = NetworkType.Nat;
        var defaults = KeepalivedCheckerDefaults.None;
        var realServers = new List<KeepalivedStatement>();
        KeepalivedWord? sorryPort = null;
        var fields = new Dictionary<string, FileLocation>(StringComparer.Ordinal);
        foreach (var statement in block.Children)
        {
            if (s_fieldOf.TryGetValue(statement.Name, out var field))
            {
                fields[field] = statement.Location;
            }
            switch (statement.Name)
            {
                case "delay_loop":
                    server = KeepalivedValues.Seconds(statement, diagnostics) is { } loop ? server with { Timeout = Math.Max(1, KeepalivedValues.WholeSeconds(loop)) } : server;
                    break;
                case "lb_algo" or "lvs_sched":
                    server = KeepalivedValues.Single(statement, diagnostics) is { } algo ? server with { Scheduler = algo.Text } : server;
                    break;
                case "lb_kind" or "lvs_method":
                    forwarding = ReadForwarding(statement, diagnostics) ?? forwarding;
                    break;
                case "persistence_timeout":
                    server = server with { Persistent = KeepalivedValues.Integer(statement, diagnostics, 0, 31_536_000) ?? 0 };
                    break;
                case "persistence_granularity":
                    server = server with { PersistenceNetmask = KeepalivedValues.Single(statement, diagnostics)?.Text };
                    break;
                case "protocol":
                    server = ReadProtocol(statement, server, diagnostics);
                    break;
                case "sorry_server" when statement.Arguments.Count is 1 or 2:
                    server = server with { SorryServer = statement.Arguments[0].Text };
                    sorryPort = statement.Arguments.Count == 2 ? statement.Arguments[1] : null;
                    break;
                case "sorry_server":
                    diagnostics.Error(statement.Location, "sorry_server takes an address and a port (the port only without a firewall mark)");
                    break;
                case "real_server":
                    realServers.Add(statement);
                    if (statement.Arguments is [var rsAddress, ..])
                    {
                        fields[$"realServers[{KeepalivedRealServerReader.NameOf(rsAddress.Text, statement.Arguments.Count > 1 ? statement.Arguments[1].Text : "0")}]"] = statement.Location;
                    }
                    break;
                case "virtualhost":
                    defaults = defaults with { VirtualHost = KeepalivedValues.Single(statement, diagnostics)?.Text };
                    break;
                case "connect_timeout":
                    defaults = defaults with { ConnectTimeout = KeepalivedValues.Seconds(statement, diagnostics) };
                    break;
                case "retry" or "nb_get_retry":
                    defaults = defaults with { Retry = KeepalivedValues.Integer(statement, diagnostics, 0, 100) };
                    break;
                case "delay_before_retry":
                    defaults = defaults with { RetryDelay = KeepalivedValues.Seconds(statement, diagnostics) };
                    break;
                case "warmup":
                    diagnostics.Ignored(statement.Location, "warmup is not carried: PiranhaNet starts checking at once (only the first check's moment differs)");
                    break;
                case var flag when flag is "sh-port" or "sh-fallback" or "mh-port" or "mh-fallback":
                    server = server with { SchedulerFlags = [.. server.SchedulerFlags, flag] };
                    break;
                case var name when s_ignored.TryGetValue(name, out var why):
                    diagnostics.Ignored(statement.Location, $"{name} is not carried: {why}");
                    break;
                case var name when s_unsupported.TryGetValue(name, out var why):
                    diagnostics.NotCarried(statement.Location, $"{name} is not carried: {why}");
                    break;
                default:
                    diagnostics.NotCarried(statement.Location, $"'{statement.Name}' in virtual_server is not carried (PiranhaNet has no such setting)");
                    break;
            }
        }
        if (!block.Children.Any(c => c.Name == "protocol") && block.Arguments is not [{ Text: "fwmark" }, _])
        {
            // keepalived 2.2 balances UDP when no protocol is given (its config test says "no protocol set - defaulting to UDP").
            server = server with { Protocol = TransportProtocol.Udp };
            diagnostics.Ignored(block.Location, "protocol is not set: keepalived then balances UDP, and so does PiranhaNet; write 'protocol TCP' if TCP was meant");
        }
        var servers = KeepalivedRealServerReader.ReadAll(realServers, server, defaults, diagnostics);
        server = servers.Server;
        var reads = new List<Read>();
        foreach (var address in addresses)
        {
            var one = server with
            {
                Name = address.Name(group, server.Protocol),
                Address = address.Address ?? "",
                // A firewall-mark service has no port of its own; the model keeps its default for the real servers'.
                Port = address.FirewallMark is null ? address.Port : server.Port,
                FirewallMark = address.FirewallMark,
            };
            // A real server on the virtual server's own port keeps no port of its own, as in an lvs.cf.
            one = one with { RealServers = [.. one.RealServers.Select(r => r.Port == one.Port ? r with { Port = null } : r)] };
            if (sorryPort is not null && one.FirewallMark is null && sorryPort.Text != one.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                diagnostics.NotCarried(sorryPort.Location, $"sorry_server port {sorryPort.Text} is not carried: PiranhaNet's sorry server listens on the virtual server's port ({one.Port})");
            }
            reads.Add(new Read(one, block.Location, forwarding, fields));
        }
        return reads;
    }

    private static (IReadOnlyList<KeepalivedServiceAddress> Addresses, string? Group) AddressesOf(KeepalivedStatement block,
        IReadOnlyDictionary<string, IReadOnlyList<KeepalivedServiceAddress>> groups, ImportDiagnostics diagnostics)
    {
        if (block.Arguments is [{ Text: "group" }, var name])
        {
            if (groups.TryGetValue(name.Text, out var members))
            {
                return (members, name.Text);
            }
            diagnostics.Error(name.Location, $"virtual_server_group '{name.Text}' is not defined");
            return ([], null);
        }
        return (KeepalivedServiceAddress.Parse(block.Arguments, block.Location, diagnostics), null);
    }

    private static NetworkType? ReadForwarding(KeepalivedStatement statement, ImportDiagnostics diagnostics)
    {
        if (KeepalivedValues.Single(statement, diagnostics) is not { } kind)
        {
            return null;
        }
        switch (kind.Text.ToUpperInvariant())
        {
            case "NAT":
                return NetworkType.Nat;
            case "DR":
                return NetworkType.Direct;
            case "TUN":
                return NetworkType.Tunnel;
            default:
                diagnostics.Error(kind.Location, $"{statement.Name} '{kind.Text}' is not NAT, DR or TUN");
                return null;
        }
    }

    private static VirtualServerConfig ReadProtocol(KeepalivedStatement statement, VirtualServerConfig server, ImportDiagnostics diagnostics)
    {
        if (KeepalivedValues.Single(statement, diagnostics) is not { } protocol)
        {
            return server;
        }
        switch (protocol.Text.ToUpperInvariant())
        {
            case "TCP":
                return server with { Protocol = TransportProtocol.Tcp };
            case "UDP":
                return server with { Protocol = TransportProtocol.Udp };
            case "SCTP":
                diagnostics.NotCarried(protocol.Location, "protocol SCTP is not carried: PiranhaNet balances TCP and UDP");
                return server;
            default:
                diagnostics.Error(protocol.Location, $"protocol '{protocol.Text}' is not TCP, UDP or SCTP");
                return server;
        }
    }
}
