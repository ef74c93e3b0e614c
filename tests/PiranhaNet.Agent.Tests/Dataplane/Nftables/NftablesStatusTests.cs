using PiranhaNet.Core.Ipvs;
using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Dataplane.Nftables;

/// <summary>
/// What the nftables dataplane reports: counters per service and real server from its counting sets, live
/// connections from conntrack, in the same shape as IPVS's, checked against traffic of a known size. Needs root.
/// </summary>
public sealed class NftablesStatusTests : IAsyncLifetime
{
    // An IPv4 and a UDP header: what each datagram adds to its payload on the wire.
    private const int UdpOverhead = 20 + 8;
    private NftablesFixture _lab = null!;

    public Task InitializeAsync()
    {
        _lab = NftablesFixture.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    [Fact]
    public async Task UdpCounters_MatchTheDatagramsSent_PerServiceAndPerRealServer()
    {
        await _lab.ApplyAsync(NftablesFixture.Udp("rr", [1, 1, 1]));
        for (var flow = 0; flow < 3; flow++)
        {
            Assert.DoesNotContain(null, await _lab.Lab.UdpExchangeAsync(LoadBalancerLab.Vip, count: 4, size: 100));
        }

        var status = Assert.Single(await _lab.Dataplane.ReadStatusAsync(CancellationToken.None));

        // Each real server answers with its name: "realN", 5 bytes.
        Assert.Equal(new IpvsCounters(3, 12, 12, 12 * (100 + UdpOverhead), 12 * (5 + UdpOverhead)), status.Stats);
        Assert.Equal(3, status.Destinations.Count);
        Assert.All(status.Destinations, d =>
        {
            Assert.Equal(new IpvsCounters(1, 4, 4, 4 * (100 + UdpOverhead), 4 * (5 + UdpOverhead)), d.Stats);
            Assert.Equal((0u, 1u), (d.ActiveConnections, d.InactiveConnections));   // a UDP flow is never "active", as in ipvsadm
        });
        Assert.Contains("-> 10.77.1.2:53", RoutingTableText.Format([status], RoutingTableView.Connections), StringComparison.Ordinal);
        Assert.Contains("Masq", RoutingTableText.Format([status], RoutingTableView.Connections), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TcpConnections_HeldOpenAreActive_ClosedOnesAreNot_AndEachIsCountedOnce()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1]));
        var held = new List<System.Net.Sockets.Socket>();
        for (var i = 0; i < 4; i++)
        {
            var socket = await _lab.Lab.ConnectAsync(LoadBalancerLab.Vip);
            Assert.NotNull(await LoadBalancerLab.ReadLineAsync(socket, TimeSpan.FromSeconds(3)));
            held.Add(socket);
        }

        var open = Assert.Single(await _lab.Dataplane.ReadStatusAsync(CancellationToken.None));
        Assert.Equal(4ul, open.Stats.Connections);
        Assert.All(open.Destinations, d => Assert.Equal((2u, 0u, 2ul), (d.ActiveConnections, d.InactiveConnections, d.Stats.Connections)));
        // Every packet of the handshake and greeting went one way or the other: at least the SYN and the ACK in,
        // the SYN-ACK and the greeting out.
        Assert.InRange(open.Stats.InPackets, 8ul, 40ul);
        Assert.InRange(open.Stats.OutPackets, 8ul, 40ul);

        held.ForEach(s => s.Dispose());
        Assert.True(await EventuallyAsync(async () => (await _lab.Dataplane.ReadStatusAsync(CancellationToken.None))[0].Destinations.All(d => d.ActiveConnections == 0)),
            "closed connections still count as active");
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
