using System.Net;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Tests.Dataplane.Userspace;

/// <summary>The userspace dataplane with real sockets on loopback: real backends, real clients, real bytes.</summary>
public sealed class UserspaceDataplaneTests : IAsyncLifetime
{
    private readonly Backends _backends = new("a", "b", "c");
    private readonly UserspaceDataplane _dataplane = new(TimeProvider.System);
    private readonly int _port = Backends.FreePort();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _dataplane.DisposeAsync();
        await _backends.DisposeAsync();
    }

    private IpvsService Service(string scheduler, int[] weights, uint persistence = 0, uint flags = 0) => new(
        IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Loopback, _port), scheduler, flags, persistence, 32,
        [.. weights.Select((w, i) => new IpvsDestination(IPAddress.Loopback, _backends.Port(i), IpvsForwarding.Masquerade, w))]);

    private async Task ApplyAsync(IpvsService desired)
    {
        var current = await _dataplane.ReadTableAsync(CancellationToken.None);
        var plan = IpvsPlanner.Plan(current, [desired], current.Select(s => s.Key).ToHashSet());
        await _dataplane.ApplyAsync(plan, CancellationToken.None);
    }

    private async Task<Dictionary<string, int>> DistributionAsync(int connections, Func<int, string>? source = null)
    {
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        for (var i = 0; i < connections; i++)
        {
            counts[await ProxyClient.BackendOfNewConnectionAsync(_port, source?.Invoke(i) ?? "127.0.0.1")]++;
        }
        return counts;
    }

    [Fact]
    public async Task RoundRobin_SequentialConnections_AreSpreadEvenly()
    {
        await ApplyAsync(Service("rr", [1, 5, 1]));

        Assert.Equal(new Dictionary<string, int> { ["a"] = 4, ["b"] = 4, ["c"] = 4 }, await DistributionAsync(12));
    }

    [Fact]
    public async Task WeightedRoundRobin_Connections_FollowTheWeights()
    {
        await ApplyAsync(Service("wrr", [1, 2, 3]));

        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 4, ["c"] = 6 }, await DistributionAsync(12));
    }

    [Fact]
    public async Task WeightedLeastConnection_OpenConnections_SteerNewOnesToTheLeastLoaded()
    {
        await ApplyAsync(Service("wlc", [1, 1, 1]));
        var (first, firstBackend) = await ProxyClient.ConnectAsync(_port);
        var (second, secondBackend) = await ProxyClient.ConnectAsync(_port);

        var third = await ProxyClient.BackendOfNewConnectionAsync(_port);

        Assert.Equal(3, new[] { firstBackend, secondBackend, third }.Distinct().Count());
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task SourceHashing_SameClient_KeepsItsBackendAndClientsSpread()
    {
        await ApplyAsync(Service("sh", [1, 1, 1]));

        var repeated = await DistributionAsync(6, _ => "127.0.0.7");
        var many = await DistributionAsync(60, i => $"127.0.{i / 250}.{i % 250 + 2}");

        Assert.Single(repeated, kv => kv.Value > 0);
        Assert.All(many.Values, count => Assert.InRange(count, 5, 40));
    }

    [Theory]
    [InlineData("sh")]
    [InlineData("mh")]
    public async Task SourceHashing_FullDestination_OtherClientsKeepTheirBackends(string scheduler)
    {
        var service = Service(scheduler, [1, 1, 1]);
        await ApplyAsync(service);
        var sources = Enumerable.Range(2, 30).Select(i => $"127.0.0.{i}").ToList();
        var before = new Dictionary<string, string>();
        foreach (var source in sources)
        {
            before[source] = await ProxyClient.BackendOfNewConnectionAsync(_port, source);
        }

        // With a threshold of 1, one held connection fills b; its clients find no destination (no fallback flag),
        // the others must not move.
        await ApplyAsync(service with { Destinations = [.. service.Destinations.Select((d, i) => i == 1 ? d with { UpperThreshold = 1 } : d)] });
        var (held, _) = await ProxyClient.ConnectAsync(_port, before.First(kv => kv.Value == "b").Key);
        var after = new Dictionary<string, string>();
        foreach (var source in sources.Where(s => before[s] != "b"))
        {
            after[source] = await ProxyClient.BackendOfNewConnectionAsync(_port, source);
        }

        Assert.Equal(sources.Where(s => before[s] != "b").ToDictionary(s => s, s => before[s]), after);
        await held.DisposeAsync();
    }

    [Fact]
    public async Task Maglev_SameClient_KeepsItsBackend()
    {
        await ApplyAsync(Service("mh", [1, 1, 1]));

        Assert.Single(await DistributionAsync(6, _ => "127.0.0.9"), kv => kv.Value > 0);
    }

    [Fact]
    public async Task WeightedFailover_AlwaysTheHighestWeight()
    {
        await ApplyAsync(Service("fo", [1, 9, 3]));

        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 5, ["c"] = 0 }, await DistributionAsync(5));
    }

    [Fact]
    public async Task Persistence_RoundRobinClient_SticksToItsFirstBackend()
    {
        await ApplyAsync(Service("rr", [1, 1, 1], persistence: 300));

        Assert.Single(await DistributionAsync(6), kv => kv.Value > 0);
    }

    [Fact]
    public async Task Drain_OpenConnectionKeepsWorkingWhileNewOnesGoElsewhere()
    {
        await ApplyAsync(Service("rr", [1, 1, 1]));
        var (open, backend) = await ProxyClient.ConnectAsync(_port);
        var index = backend[0] - 'a';
        var weights = new[] { 1, 1, 1 };
        weights[index] = 0;

        await ApplyAsync(Service("rr", weights));

        Assert.Equal("still here", await open.EchoAsync("still here"));
        Assert.Equal(0, (await DistributionAsync(6))[backend]);
        var status = Assert.Single(await _dataplane.ReadStatusAsync(CancellationToken.None));
        Assert.Equal((0, 1u), (status.Destinations[index].Destination.Weight, status.Destinations[index].ActiveConnections));
        await open.DisposeAsync();
    }

    [Fact]
    public async Task UpperThreshold_FullDestinationTakesNoNewConnectionsUntilOneCloses()
    {
        // fo sends everything to the heaviest destination (b) while it is available.
        var service = Service("fo", [1, 5, 1]);
        await ApplyAsync(service with { Destinations = [.. service.Destinations.Select((d, i) => i == 1 ? d with { UpperThreshold = 2 } : d)] });
        var (first, firstBackend) = await ProxyClient.ConnectAsync(_port);
        var (second, secondBackend) = await ProxyClient.ConnectAsync(_port);

        var whileFull = await ProxyClient.BackendOfNewConnectionAsync(_port);
        await first.DisposeAsync();
        await WaitForActiveConnectionsAsync(destination: 1, expected: 1);
        var afterOneClosed = await ProxyClient.BackendOfNewConnectionAsync(_port);

        Assert.Equal(("b", "b"), (firstBackend, secondBackend));
        Assert.NotEqual("b", whileFull);
        Assert.Equal("b", afterOneClosed);
        await second.DisposeAsync();
    }

    // The proxy sees a client's close asynchronously; waits (bounded) until the count shows it.
    private async Task WaitForActiveConnectionsAsync(int destination, uint expected)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (Assert.Single(await _dataplane.ReadStatusAsync(CancellationToken.None)).Destinations[destination].ActiveConnections == expected)
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"destination {destination} never came down to {expected} active connection(s) within 5 s");
    }

    [Fact]
    public async Task Status_AfterTraffic_CountsConnectionsAndBytesPerDestination()
    {
        await ApplyAsync(Service("rr", [1, 0, 0]));
        var (client, _) = await ProxyClient.ConnectAsync(_port);
        await client.EchoAsync("hello");
        await client.DisposeAsync();

        // The proxy counts a chunk after forwarding it, so wait until the connection is over on its side too.
        await WaitAsync(() => StatusNow().Destinations[0].ActiveConnections == 0);
        var status = StatusNow();

        Assert.Equal(1ul, status.Stats.Connections);
        Assert.Equal(("hello\n".Length, "a\nhello\n".Length), ((int)status.Destinations[0].Stats.InBytes, (int)status.Destinations[0].Stats.OutBytes));
    }

    [Fact]
    public async Task Apply_WeightEdit_KeepsTheListenerAndOpenConnections()
    {
        await ApplyAsync(Service("wrr", [1, 1, 1]));
        var (open, _) = await ProxyClient.ConnectAsync(_port);

        await ApplyAsync(Service("wrr", [5, 1, 1]));

        Assert.Equal("after edit", await open.EchoAsync("after edit"));
        await open.DisposeAsync();
    }

    [Fact]
    public async Task Apply_PortTaken_FailsNamingTheServiceAndChangesNothing()
    {
        using var squatter = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await ApplyAsync(Service("rr", [1, 1, 1]));
        var blocked = Service("rr", [1]) with { Key = IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Loopback, takenPort) };
        var current = await _dataplane.ReadTableAsync(CancellationToken.None);
        var plan = IpvsPlanner.Plan(current, [blocked], current.Select(s => s.Key).ToHashSet());

        var error = await Assert.ThrowsAsync<DataplaneException>(() => _dataplane.ApplyAsync(plan, CancellationToken.None));

        Assert.StartsWith($"TCP  127.0.0.1:{takenPort}: cannot listen on 127.0.0.1:{takenPort}", error.Message);
        Assert.Equal([_port], (await _dataplane.ReadTableAsync(CancellationToken.None)).Select(s => s.Key.Port));
        Assert.Contains(await ProxyClient.BackendOfNewConnectionAsync(_port), new[] { "a", "b", "c" });
    }

    [Fact]
    public async Task Apply_FirewallMarkService_IsRefusedWithTheReason()
    {
        var marked = Service("rr", [1]) with { Key = IpvsServiceKey.ForMark(80, System.Net.Sockets.AddressFamily.InterNetwork) };

        var error = await Assert.ThrowsAsync<DataplaneException>(() =>
            _dataplane.ApplyAsync(IpvsPlanner.Plan([], [marked], new HashSet<IpvsServiceKey>()), CancellationToken.None));

        Assert.Equal("FWM  80: firewall-mark services need the kernel's IPVS; the userspace dataplane cannot match marks", error.Message);
    }

    private IpvsServiceStatus StatusNow() => _dataplane.ReadStatusAsync(CancellationToken.None).GetAwaiter().GetResult().Single();

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }
        Assert.True(condition());
    }
}
