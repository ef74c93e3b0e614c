using System.Net;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Dataplane.Nftables;

/// <summary>
/// The nftables dataplane on this machine's own kernel, in network namespaces (<see cref="LoadBalancerLab"/>): real
/// connections from a client through the director to real servers, spread by each scheduler, over TCP and UDP, IPv4
/// and IPv6, with persistence and firewall marks. Needs root; fails saying so without it.
/// </summary>
public sealed class NftablesSchedulingTests : IAsyncLifetime
{
    private static readonly IPAddress s_vip = LoadBalancerLab.Vip;
    private NftablesFixture _lab = null!;

    public Task InitializeAsync()
    {
        _lab = NftablesFixture.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    private static Dictionary<string, int> Spread(int real1, int real2, int real3) => new() { ["real1"] = real1, ["real2"] = real2, ["real3"] = real3 };

    [Fact]
    public async Task RoundRobin_TwoServers_ThreeOfSixEach()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 5]));

        Assert.Equal(Spread(3, 3, 0), await _lab.DistributionAsync(s_vip, 6));
    }

    [Fact]
    public async Task RoundRobin_ThreeServers_TwoOfSixEach()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 5, 1]));

        Assert.Equal(Spread(2, 2, 2), await _lab.DistributionAsync(s_vip, 6));
    }

    [Fact]
    public async Task WeightedRoundRobin_OneToThree_TwoAndSixOfEight()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("wrr", [1, 3]));

        Assert.Equal(Spread(2, 6, 0), await _lab.DistributionAsync(s_vip, 8));
    }

    [Fact]
    public async Task SourceHashing_EachClientKeepsItsServer_ClientsSpreadOverMoreThanOne()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("sh", [1, 1, 1]));

        var servers = new HashSet<string>();
        foreach (var client in LoadBalancerLab.ClientAddresses)
        {
            var first = await _lab.Lab.RequestAsync(s_vip, client);
            Assert.NotNull(first);
            for (var again = 0; again < 3; again++)
            {
                Assert.Equal(first, await _lab.Lab.RequestAsync(s_vip, client));
            }
            servers.Add(first);
        }
        Assert.True(servers.Count > 1, $"eight clients all hashed to {string.Join(", ", servers)}");
    }

    [Fact]
    public async Task MaglevHashing_EachClientKeepsItsServer_ClientsSpreadOverMoreThanOne()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("mh", [1, 1, 1]));

        var servers = new HashSet<string>();
        foreach (var client in LoadBalancerLab.ClientAddresses)
        {
            var first = await _lab.Lab.RequestAsync(s_vip, client);
            Assert.NotNull(first);
            Assert.Equal(first, await _lab.Lab.RequestAsync(s_vip, client));
            servers.Add(first);
        }
        Assert.True(servers.Count > 1, $"eight clients all hashed to {string.Join(", ", servers)}");
    }

    [Fact]
    public async Task WeightedFailover_AllToTheHighestWeight_ThenTheNextWhenItLeaves()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("fo", [1, 3, 2]));
        Assert.Equal(Spread(0, 4, 0), await _lab.DistributionAsync(s_vip, 4));

        var service = NftablesFixture.Tcp("fo", [1, 3, 2]);
        await _lab.ApplyAsync(service with { Destinations = [service.Destinations[0], service.Destinations[2]] });

        Assert.Equal(Spread(0, 0, 4), await _lab.DistributionAsync(s_vip, 4));
    }

    [Fact]
    public async Task Udp_RoundRobin_EachFlowToTheNextServer_AnswersComeBack()
    {
        await _lab.ApplyAsync(NftablesFixture.Udp("rr", [1, 1, 1]));

        var answers = new List<string?>();
        for (var flow = 0; flow < 6; flow++)
        {
            answers.AddRange(await _lab.Lab.UdpExchangeAsync(s_vip));
        }

        Assert.Equal(Spread(2, 2, 2), answers.GroupBy(a => a ?? "none").ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public async Task Udp_OneFlow_StaysOnOneServer()
    {
        await _lab.ApplyAsync(NftablesFixture.Udp("rr", [1, 1, 1]));

        var answers = await _lab.Lab.UdpExchangeAsync(s_vip, count: 5);

        Assert.Single(answers.Distinct());
        Assert.NotNull(answers[0]);
    }

    [Fact]
    public async Task Ipv6_TcpAndUdp_RoundRobin()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp6("rr", [1, 1, 1]), NftablesFixture.Udp6("wrr", [1, 0, 1]));

        Assert.Equal(Spread(2, 2, 2), await _lab.DistributionAsync(LoadBalancerLab.Vip6, 6));
        var udp = new List<string?>();
        for (var flow = 0; flow < 4; flow++)
        {
            udp.AddRange(await _lab.Lab.UdpExchangeAsync(LoadBalancerLab.Vip6));
        }
        Assert.Equal(new Dictionary<string, int> { ["real1"] = 2, ["real3"] = 2 }, udp.GroupBy(a => a ?? "none").ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public async Task Persistence_AClientKeepsItsServer_ANetmaskJoinsItsNeighbours()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1, 1], persistence: 300));
        var first = await _lab.Lab.RequestAsync(s_vip, LoadBalancerLab.ClientAddresses[0]);
        Assert.NotNull(first);
        Assert.Equal(Enumerable.Repeat(first, 5), await RequestsAsync(s_vip, LoadBalancerLab.ClientAddresses[0], 5));
        // Round robin alone would send the next client elsewhere; persistence is per client.
        Assert.NotEqual(first, await _lab.Lab.RequestAsync(s_vip, LoadBalancerLab.ClientAddresses[1]));

        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1, 1], persistence: 300, prefix: 24));
        var subnet = await _lab.Lab.RequestAsync(s_vip, LoadBalancerLab.ClientAddresses[2]);
        foreach (var client in LoadBalancerLab.ClientAddresses)
        {
            Assert.Equal(subnet, await _lab.Lab.RequestAsync(s_vip, client));
        }
    }

    [Fact]
    public async Task Ipv6_Persistence_AClientKeepsItsServer()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp6("rr", [1, 1, 1], persistence: 300));

        var first = await _lab.Lab.RequestAsync(LoadBalancerLab.Vip6);
        Assert.NotNull(first);
        Assert.Equal(Enumerable.Repeat(first, 5), await RequestsAsync(LoadBalancerLab.Vip6, null, 5));
    }

    [Fact]
    public async Task FirewallMark_PacketsMarkedByTheOperatorsOwnTable_AreBalanced_PortKept()
    {
        // The operator marks traffic to the VIP's port 80 with 7 in a table of their own, as with iptables -t mangle.
        _lab.Lab.Nft("add", "table", "inet", "operator");
        _lab.Lab.Nft("add", "chain", "inet", "operator", "marking", "{ type filter hook prerouting priority mangle; }");
        _lab.Lab.Nft("add", "rule", "inet", "operator", "marking", "ip", "daddr", s_vip.ToString(), "tcp", "dport", "80", "meta", "mark", "set", "7");
        var mark = new IpvsService(IpvsServiceKey.ForMark(7, System.Net.Sockets.AddressFamily.InterNetwork), "rr", 0, 0, 32,
            [.. Enumerable.Range(1, 3).Select(n => new IpvsDestination(LoadBalancerLab.RealAddress(n), 0, IpvsForwarding.Masquerade, 1))]);

        await _lab.ApplyAsync(mark);

        // The real servers have no port of their own (0): each connection keeps its port 80.
        Assert.Equal(Spread(2, 2, 2), await _lab.DistributionAsync(s_vip, 6));
    }

    private async Task<List<string?>> RequestsAsync(IPAddress vip, IPAddress? source, int count)
    {
        var names = new List<string?>();
        for (var i = 0; i < count; i++)
        {
            names.Add(await _lab.Lab.RequestAsync(vip, source));
        }
        return names;
    }
}
