using System.Globalization;
using System.Net.Sockets;
using System.Text;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Ipvs;

/// <summary>
/// Writes a routing table in the layout operators know from <c>ipvsadm -Ln</c> (and <c>--stats</c>, <c>--rate</c>),
/// so the dashboard's table reads like the command's output.
/// </summary>
public static class RoutingTableText
{
    private const string Banner = "IP Virtual Server version 1.2.1 (size=4096)";

    /// <summary>The table in the chosen view, LF line endings.</summary>
    public static string Format(IEnumerable<IpvsServiceStatus> services, RoutingTableView view)
    {
        var text = new StringBuilder(Banner).Append('\n');
        text.Append(view switch
        {
            RoutingTableView.Stats => "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n  -> RemoteAddress:Port\n",
            RoutingTableView.Rates => "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n  -> RemoteAddress:Port\n",
            _ => "Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n",
        });
        foreach (var status in services)
        {
            var service = status.Service;
            var serviceName = service.Key.ToString();
            switch (view)
            {
                case RoutingTableView.Stats:
                    text.Append(Row(serviceName, status.Stats.Connections, status.Stats.InPackets, status.Stats.OutPackets, status.Stats.InBytes, status.Stats.OutBytes));
                    break;
                case RoutingTableView.Rates:
                    text.Append(Row(serviceName, status.Rates.ConnectionsPerSecond, status.Rates.InPacketsPerSecond, status.Rates.OutPacketsPerSecond, status.Rates.InBytesPerSecond, status.Rates.OutBytesPerSecond));
                    break;
                default:
                    text.Append(serviceName).Append(' ').Append(service.Scheduler).Append(Persistence(service)).Append('\n');
                    break;
            }
            foreach (var destination in status.Destinations)
            {
                var name = "  -> " + IpvsEndpoint.Format(destination.Destination.Address, destination.Destination.Port);
                text.Append(view switch
                {
                    RoutingTableView.Stats => Row(name, destination.Stats.Connections, destination.Stats.InPackets, destination.Stats.OutPackets, destination.Stats.InBytes, destination.Stats.OutBytes),
                    RoutingTableView.Rates => Row(name, destination.Rates.ConnectionsPerSecond, destination.Rates.InPacketsPerSecond, destination.Rates.OutPacketsPerSecond, destination.Rates.InBytesPerSecond, destination.Rates.OutBytesPerSecond),
                    _ => string.Create(CultureInfo.InvariantCulture,
                        $"  -> {IpvsEndpoint.Format(destination.Destination.Address, destination.Destination.Port),-28} {ForwardName(destination.Destination.Forwarding),-7} {destination.Destination.Weight,-6} {destination.ActiveConnections,-10} {destination.InactiveConnections,-10}").TrimEnd() + "\n",
                });
            }
        }
        return text.ToString();
    }

    private static string ForwardName(IpvsForwarding forwarding) => forwarding switch
    {
        IpvsForwarding.Masquerade => "Masq",
        IpvsForwarding.Route => "Route",
        _ => "Tunnel",
    };

    private static string Persistence(IpvsService service)
    {
        if (service.PersistenceTimeout == 0)
        {
            return "";
        }
        var full = AddressText.MaxPrefix(service.Key.Family);
        return service.PersistencePrefix >= full
            ? $" persistent {service.PersistenceTimeout}"
            : $" persistent {service.PersistenceTimeout} mask {Mask(service.PersistencePrefix, service.Key.Family)}";
    }

    // ipvsadm prints an IPv4 persistence mask dotted and an IPv6 one as a prefix length.
    private static string Mask(int prefix, AddressFamily family)
    {
        if (family == AddressFamily.InterNetworkV6)
        {
            return prefix.ToString(CultureInfo.InvariantCulture);
        }
        var bits = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return $"{bits >> 24}.{(bits >> 16) & 0xff}.{(bits >> 8) & 0xff}.{bits & 0xff}";
    }

    private static string Row(string name, ulong a, ulong b, ulong c, ulong d, ulong e) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-33} {Large(a),8} {Large(b),8} {Large(c),8} {Large(d),8} {Large(e),8}\n");

    // ipvsadm shortens big numbers to fit its 8-character columns: 123456789 is "123M".
    private static string Large(ulong value) => value switch
    {
        >= 100_000_000_000 => $"{value / 1_000_000_000}G",
        >= 100_000_000 => $"{value / 1_000_000}M",
        >= 100_000 => $"{value / 1_000}K",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
