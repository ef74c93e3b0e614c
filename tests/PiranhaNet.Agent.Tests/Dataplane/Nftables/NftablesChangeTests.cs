using System.Net.Sockets;
using System.Text;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Dataplane.Nftables;

/// <summary>
/// Changes to a running nftables table on the host kernel: weights, drains and health are element updates that keep
/// established connections on their real server; a version is one transaction, all or nothing; the table is
/// PiranhaNet's alone (another table is never touched, and Stop removes exactly it). Needs root.
/// </summary>
public sealed class NftablesChangeTests : IAsyncLifetime
{
    private const string ServiceChain = "svc_tcp_10.77.0.100_80";
    private NftablesFixture _lab = null!;

    public Task InitializeAsync()
    {
        _lab = NftablesFixture.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    // The table as the nft command lists it, without counters, with rule handles.
    private string Table() => _lab.Lab.Nft("-s", "-a", "list", "table", "inet", "piranhanet");

    // Everything but the two maps a weight change rewrites.
    private static string WithoutRingAndWeights(string table) =>
        string.Join('\n', table.Split('\n').Aggregate((Lines: new List<string>(), Skipping: false), (state, line) =>
        {
            var skipping = state.Skipping ? !line.TrimStart().StartsWith('}') : line.Contains("map ring_", StringComparison.Ordinal) || line.Contains("map weights_", StringComparison.Ordinal);
            if (!state.Skipping && !skipping)
            {
                state.Lines.Add(line);
            }
            return (state.Lines, skipping);
        }).Lines);

    private static async Task<string?> EchoAsync(Socket socket, string text)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(text + "\n"), SocketFlags.None);
        return await LoadBalancerLab.ReadLineAsync(socket, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task WeightChange_IsAnElementUpdate_AnEstablishedConnectionKeepsItsServer()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("wrr", [1, 1, 1]));
        using var held = await _lab.Lab.ConnectAsync(LoadBalancerLab.Vip);
        var server = await LoadBalancerLab.ReadLineAsync(held, TimeSpan.FromSeconds(3));
        var before = Table();

        var plan = await _lab.ApplyAsync(NftablesFixture.Tcp("wrr", [1, 3, 2]));

        var change = Assert.Single(plan.Changes, c => c.Destination?.Weight == 3);
        Assert.Equal(IpvsChangeKind.EditDestination, change.Kind);
        var after = Table();
        Assert.NotEqual(before, after);
        // The rules (with their handles), the chains and every other object are as they were: only map elements changed.
        Assert.Equal(WithoutRingAndWeights(before), WithoutRingAndWeights(after));
        Assert.Contains("""{"concat": ["10.77.2.2", 80]}, 3]""", _lab.Lab.Nft("-j", "list", "map", "inet", "piranhanet", "weights_tcp_10.77.0.100_80"), StringComparison.Ordinal);
        Assert.Equal("hello", await EchoAsync(held, "hello"));
        Assert.Equal(new Dictionary<string, int> { ["real1"] = 1, ["real2"] = 3, ["real3"] = 2 }, await _lab.DistributionAsync(LoadBalancerLab.Vip, 6));
        Assert.Equal("still", await EchoAsync(held, "still"));
        Assert.NotNull(server);
    }

    [Fact]
    public async Task Drain_TheEstablishedConnectionGoesOn_NewOnesGoElsewhere()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1, 1]));
        using var held = await _lab.Lab.ConnectAsync(LoadBalancerLab.Vip);
        var drained = await LoadBalancerLab.ReadLineAsync(held, TimeSpan.FromSeconds(3));
        var index = int.Parse(drained!["real".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1;
        var weights = new[] { 1, 1, 1 };
        weights[index] = 0;

        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", weights));

        var spread = await _lab.DistributionAsync(LoadBalancerLab.Vip, 6);
        Assert.Equal(0, spread[drained]);
        Assert.All(spread.Where(s => s.Key != drained), s => Assert.Equal(3, s.Value));
        Assert.Equal("after drain", await EchoAsync(held, "after drain"));
    }

    [Fact]
    public async Task HealthDown_TheServerLeavesTheTable_GetsNoNewConnections()
    {
        var all = NftablesFixture.Tcp("rr", [1, 1, 1]);
        await _lab.ApplyAsync(all);

        await _lab.ApplyAsync(all with { Destinations = [all.Destinations[0], all.Destinations[2]] });

        Assert.Equal(new Dictionary<string, int> { ["real1"] = 3, ["real2"] = 0, ["real3"] = 3 }, await _lab.DistributionAsync(LoadBalancerLab.Vip, 6));
    }

    [Fact]
    public async Task RefusedVersion_AnInvalidElementInTheMiddle_LeavesTheRulesetByteIdentical()
    {
        ForeignTable();
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1]));
        var before = _lab.Lab.Nft("list", "ruleset");
        var good = NftablesFixture.Udp("rr", [1, 1]);
        // A port beyond 65535 (no configuration has one; a plan made by hand can): nft refuses that one element.
        var tcp = NftablesFixture.Tcp("wrr", [2, 1]);
        var bad = tcp with { Destinations = [tcp.Destinations[0], new IpvsDestination(LoadBalancerLab.RealAddress(2), 70000, IpvsForwarding.Masquerade, 1)] };
        var plan = new IpvsPlan([new(IpvsChangeKind.AddService, good), .. good.Destinations.Select(d => new IpvsChange(IpvsChangeKind.AddDestination, good, d)),
            new(IpvsChangeKind.EditService, bad), new(IpvsChangeKind.AddDestination, bad, bad.Destinations[1])], []);

        var refused = await Assert.ThrowsAsync<DataplaneException>(() => _lab.Dataplane.ApplyAsync(plan, CancellationToken.None));

        Assert.Contains("TCP  10.77.0.100:80", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing of it was applied", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, _lab.Lab.Nft("list", "ruleset"));
        Assert.Equal(new Dictionary<string, int> { ["real1"] = 1, ["real2"] = 1, ["real3"] = 0 }, await _lab.DistributionAsync(LoadBalancerLab.Vip, 2));
    }

    [Fact]
    public async Task ForeignTable_IsUntouchedByApplyAndStop_StopRemovesExactlyPiranhaNetsTable()
    {
        ForeignTable();
        var foreign = _lab.Lab.Nft("-s", "list", "table", "inet", "operator");

        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1]), NftablesFixture.Udp6("sh", [1, 1]));
        Assert.Equal(foreign, _lab.Lab.Nft("-s", "list", "table", "inet", "operator"));
        Assert.Contains("table inet piranhanet", _lab.Lab.Nft("list", "tables"), StringComparison.Ordinal);

        await _lab.ApplyAsync();   // Stop: no service is wanted

        Assert.Equal("table inet operator", _lab.Lab.Nft("list", "tables").Trim());
        Assert.Equal(foreign, _lab.Lab.Nft("-s", "list", "table", "inet", "operator"));
        Assert.Empty(await _lab.Dataplane.ReadTableAsync(CancellationToken.None));
    }

    [Fact]
    public async Task EveryShape_ReadsBackAsApplied_SoAReapplyChangesNothing()
    {
        IpvsService[] services =
        [
            NftablesFixture.Tcp("wrr", [1, 3, 0], persistence: 600, prefix: 24),
            NftablesFixture.Udp("sh", [2, 1]) with { SchedulerFlags = Core.Scheduling.SchedulerCatalog.Sched2 },
            NftablesFixture.Tcp6("mh", [1, 1, 1], persistence: 60),
            NftablesFixture.Udp6("fo", [1, 5]),
            new(IpvsServiceKey.ForMark(7, AddressFamily.InterNetwork), "dh", 0, 30, 16,
                [new(LoadBalancerLab.RealAddress(1), 0, IpvsForwarding.Masquerade, 1), new(LoadBalancerLab.RealAddress(2), 0, IpvsForwarding.Masquerade, 2)]),
            new(IpvsServiceKey.ForMark(8, AddressFamily.InterNetworkV6), "rr", 0, 0, 128,
                [new(LoadBalancerLab.RealAddress6(1), 8080, IpvsForwarding.Masquerade, 1)]),
            // IPv6 persistence onto another port than the VIP's (the persistence map holds addresses; the rule adds the port).
            NftablesFixture.Tcp6("wrr", [1, 2], persistence: 120) with
            {
                Key = IpvsServiceKey.ForAddress(TransportProtocol.Tcp, LoadBalancerLab.Vip6, 443),
            },
            // A firewall mark with real-server ports, persistent.
            new(IpvsServiceKey.ForMark(9, AddressFamily.InterNetwork), "sh", 0, 300, 24,
                [new(LoadBalancerLab.RealAddress(1), 8443, IpvsForwarding.Masquerade, 1), new(LoadBalancerLab.RealAddress(2), 8443, IpvsForwarding.Masquerade, 1)]),
        ];
        await _lab.ApplyAsync(services);
        var table = Table();

        var read = await _lab.Dataplane.ReadTableAsync(CancellationToken.None);

        Assert.Equal(services.Length, read.Count);
        foreach (var applied in services)
        {
            var back = Assert.Single(read, s => s.Key == applied.Key);
            Assert.True(applied.SameSettings(back), $"{applied.Key}: {back}");
            Assert.Equal(applied.Destinations.OrderBy(d => d.Address.ToString()), back.Destinations.OrderBy(d => d.Address.ToString()));
        }
        Assert.Empty(IpvsPlanner.Plan(read, services, read.Select(s => s.Key).ToHashSet()).Changes);
        await _lab.Dataplane.ApplyAsync(new IpvsPlan([], []), CancellationToken.None);
        Assert.Equal(table, Table());
    }

    [Fact]
    public async Task ChangedByHand_TheNextReadSeesIt_ThePlanPutsItRight()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1, 1]));
        var table = Table();
        _lab.Lab.Nft("delete", "element", "inet", "piranhanet", "ring_tcp_10.77.0.100_80", "{ 0 }");
        _lab.Lab.Nft("flush", "chain", "inet", "piranhanet", "count_tcp4");

        var plan = await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1, 1]));

        Assert.Equal(IpvsChangeKind.EditService, Assert.Single(plan.Changes).Kind);
        Assert.Equal(new Dictionary<string, int> { ["real1"] = 2, ["real2"] = 2, ["real3"] = 2 }, await _lab.DistributionAsync(LoadBalancerLab.Vip, 6));
        Assert.Equal(RuleCount(table), RuleCount(Table()));
    }

    [Fact]
    public async Task TableDeletedByHand_IsBuiltAgainByTheNextPlan_WithTheTimeoutsItHad()
    {
        await _lab.Dataplane.SetTimeoutsAsync(new IpvsTimeouts(600, 60, 90), CancellationToken.None);
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1]));
        _lab.Lab.Nft("delete", "table", "inet", "piranhanet");

        var plan = await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1]));

        Assert.Equal(IpvsChangeKind.AddService, plan.Changes[0].Kind);
        Assert.Equal(new Dictionary<string, int> { ["real1"] = 1, ["real2"] = 1, ["real3"] = 0 }, await _lab.DistributionAsync(LoadBalancerLab.Vip, 2));
        Assert.Equal(new IpvsTimeouts(600, 60, 90), await _lab.Dataplane.ReadTimeoutsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PiecesDeletedByHand_AServicesDispatchElementOrAnUnusedFixedSet_AreNoObstacle()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1]));
        // The service's own chains and maps stay behind without the element that leads to them; a set only the
        // masquerading rules use goes.
        _lab.Lab.Nft("delete", "element", "inet", "piranhanet", "services4", "{ tcp . 10.77.0.100 . 80 }");
        _lab.Lab.Nft("delete", "set", "inet", "piranhanet", "masquerade6");

        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 2]), NftablesFixture.Udp("rr", [1]));

        Assert.Equal(new Dictionary<string, int> { ["real1"] = 1, ["real2"] = 1, ["real3"] = 0 }, await _lab.DistributionAsync(LoadBalancerLab.Vip, 2));
        Assert.Contains("set masquerade6", _lab.Lab.Nft("list", "sets", "inet"), StringComparison.Ordinal);
        Assert.Equal(["real1"], await _lab.Lab.UdpExchangeAsync(LoadBalancerLab.Vip));
    }

    [Fact]
    public async Task PersistentService_AServerThatLeaves_ItsClientsAreForgotten_ADrainedOneKeepsThem()
    {
        var all = NftablesFixture.Tcp("rr", [1, 1, 1], persistence: 300);
        await _lab.ApplyAsync(all);
        var client = LoadBalancerLab.ClientAddresses[0];
        var first = await _lab.Lab.RequestAsync(LoadBalancerLab.Vip, client);
        var index = int.Parse(first!["real".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1;

        // Drained: the client still goes to it, as with IPVS's persistence templates.
        await _lab.ApplyAsync(all with { Destinations = [.. all.Destinations.Select((d, i) => i == index ? d with { Weight = 0 } : d)] });
        Assert.Equal(first, await _lab.Lab.RequestAsync(LoadBalancerLab.Vip, client));

        // Down (out of the table): the client is sent elsewhere, and stays there.
        await _lab.ApplyAsync(all with { Destinations = [.. all.Destinations.Where((_, i) => i != index)] });
        var next = await _lab.Lab.RequestAsync(LoadBalancerLab.Vip, client);
        Assert.NotNull(next);
        Assert.NotEqual(first, next);
        Assert.Equal(next, await _lab.Lab.RequestAsync(LoadBalancerLab.Vip, client));
    }

    [Fact]
    public async Task Timeouts_AreConntrackTimeoutPolicies_SetWithTheNextVersion()
    {
        var before = await _lab.Dataplane.ReadTimeoutsAsync(CancellationToken.None);
        await _lab.Dataplane.SetTimeoutsAsync(new IpvsTimeouts(900, 120, 300), CancellationToken.None);
        Assert.DoesNotContain("piranhanet", _lab.Lab.Nft("list", "tables"), StringComparison.Ordinal);   // written with the version, not before

        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1]));

        Assert.Equal(new IpvsTimeouts(900, 120, 300), await _lab.Dataplane.ReadTimeoutsAsync(CancellationToken.None));
        Assert.NotEqual(900, before.Tcp);
        using var held = await _lab.Lab.ConnectAsync(LoadBalancerLab.Vip);
        Assert.Equal("real1", await LoadBalancerLab.ReadLineAsync(held, TimeSpan.FromSeconds(3)));
        // conntrack's own tool sees the connection with the policy's established timeout (at most 900 s, not 5 days).
        var entry = PiranhaNet.Netns.Netns.Ip("netns", "exec", _lab.Lab.Director, "conntrack", "-L", "-p", "tcp", "--orig-dst", LoadBalancerLab.Vip.ToString());
        var seconds = int.Parse(entry.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 800, 900);

        await _lab.Dataplane.SetTimeoutsAsync(new IpvsTimeouts(60, 30, 20), CancellationToken.None);
        await _lab.Dataplane.ApplyAsync(new IpvsPlan([], []), CancellationToken.None);
        Assert.Equal(new IpvsTimeouts(60, 30, 20), await _lab.Dataplane.ReadTimeoutsAsync(CancellationToken.None));
        Assert.DoesNotContain("tcp4_900_120", _lab.Lab.Nft("list", "table", "inet", "piranhanet"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Masquerade_ARealServerThatDoesNotRouteBackThroughTheDirector_AnswersThroughIt()
    {
        // One-armed: real1 has no route back to the client, so a reply to the client's own address goes nowhere.
        PiranhaNet.Netns.Netns.Ip("-n", _lab.Lab.Real(1), "route", "del", "default");
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1]));
        Assert.Null(await _lab.Lab.RequestAsync(LoadBalancerLab.Vip, timeout: TimeSpan.FromSeconds(1)));

        await using var masquerading = NftablesFixture.Create(reals: 1, masquerade: true);
        PiranhaNet.Netns.Netns.Ip("-n", masquerading.Lab.Real(1), "route", "del", "default");
        await masquerading.ApplyAsync(NftablesFixture.Tcp("rr", [1]), NftablesFixture.Udp("rr", [1]));

        Assert.Equal("real1", await masquerading.Lab.RequestAsync(LoadBalancerLab.Vip));
        Assert.Equal(["real1"], await masquerading.Lab.UdpExchangeAsync(LoadBalancerLab.Vip));
    }

    [Fact]
    public async Task OneTransaction_TheKernelRefusingOneCommandInTheMiddle_KeepsNoneOfIt()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 1]));
        var before = _lab.Lab.Nft("list", "ruleset");
        using var nft = _lab.Lab.InDirector(Agent.Dataplane.Nftables.NftablesContext.Open);

        // libnftables does not know the ring's elements, so the delete of a slot that is not there reaches the kernel,
        // which refuses it after taking the first command and before the last: the batch is dropped whole.
        var refused = Assert.Throws<DataplaneException>(() => nft.Run(
            "add element inet piranhanet weights_tcp_10.77.0.100_80 { 10.77.3.2 . 80 : 1 }\n" +
            "delete element inet piranhanet ring_tcp_10.77.0.100_80 { 4000 }\n" +
            "add element inet piranhanet ring_tcp_10.77.0.100_80 { 4001 : 10.77.3.2 . 80 }\n"));

        Assert.Contains("No such file or directory", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, _lab.Lab.Nft("list", "ruleset"));
    }

    private void ForeignTable()
    {
        _lab.Lab.Nft("add", "table", "inet", "operator");
        _lab.Lab.Nft("add", "chain", "inet", "operator", "input", "{ type filter hook input priority 0; policy accept; }");
        _lab.Lab.Nft("add", "rule", "inet", "operator", "input", "tcp", "dport", "22", "counter", "accept");
    }

    private static int RuleCount(string table) => table.Split('\n').Count(line => line.Contains("# handle", StringComparison.Ordinal) && !line.TrimEnd().EndsWith('{'));
}
