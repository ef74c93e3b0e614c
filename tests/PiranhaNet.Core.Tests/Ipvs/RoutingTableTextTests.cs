using System.Net;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Tests.Ipvs;

public class RoutingTableTextTests
{
    private static readonly IpvsService s_service = new(
        IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Parse("10.0.2.15"), 80), "wlc", 0, 360, 24,
        [new IpvsDestination(IPAddress.Parse("10.0.2.16"), 80, IpvsForwarding.Masquerade, 1)]);

    private static IpvsServiceStatus Status => new(s_service, new IpvsCounters(6, 36, 24, 2368, 123_456_789), new IpvsRates(1, 9, 6, 590, 735),
        [new IpvsDestinationStatus(s_service.Destinations[0], 2, 3, new IpvsCounters(3, 18, 12, 1184, 1470), new IpvsRates(0, 4, 3, 295, 367))]);

    [Fact]
    public void Format_Connections_MatchesIpvsadmLn()
    {
        Assert.Equal("""
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  10.0.2.15:80 wlc persistent 360 mask 255.255.255.0
              -> 10.0.2.16:80                 Masq    1      2          3

            """.Replace("\r\n", "\n"), RoutingTableText.Format([Status], RoutingTableView.Connections));
    }

    [Fact]
    public void Format_Stats_ShortensLargeNumbers()
    {
        var lines = RoutingTableText.Format([Status], RoutingTableView.Stats).Split('\n');

        Assert.Equal("TCP  10.0.2.15:80                        6       36       24     2368     123M", lines[3]);
        Assert.Equal("  -> 10.0.2.16:80                        3       18       12     1184     1470", lines[4]);
    }

    [Fact]
    public void Format_Stats_NumbersEndUnderTheirHeadings()
    {
        var lines = RoutingTableText.Format([Status], RoutingTableView.Stats).Split('\n');

        Assert.Equal(lines[1].IndexOf("Conns", StringComparison.Ordinal) + "Conns".Length, lines[3].IndexOf("6 ", StringComparison.Ordinal) + 1);
        Assert.Equal(lines[1].Length, lines[3].Length);
    }

    [Fact]
    public void Format_Rates_ShowsPerSecondColumns()
    {
        var lines = RoutingTableText.Format([Status], RoutingTableView.Rates).Split('\n');

        Assert.StartsWith("Prot LocalAddress:Port                 CPS", lines[1]);
        Assert.Equal("TCP  10.0.2.15:80                        1        9        6      590      735", lines[3]);
    }

    [Fact]
    public void Format_FirewallMarkAndIpv6_UseIpvsadmsSpelling()
    {
        var v6 = s_service with
        {
            Key = IpvsServiceKey.ForMark(80, System.Net.Sockets.AddressFamily.InterNetworkV6), PersistenceTimeout = 0,
            Destinations = [new IpvsDestination(IPAddress.Parse("2001:db8::21"), 0, IpvsForwarding.Route, 3)],
        };

        var lines = RoutingTableText.Format([IpvsServiceStatus.Unmeasured(v6)], RoutingTableView.Connections).Split('\n');

        Assert.Equal("FWM  80 wlc", lines[3]);
        Assert.Equal("  -> [2001:db8::21]:0             Route   3      0          0", lines[4]);
    }
}
