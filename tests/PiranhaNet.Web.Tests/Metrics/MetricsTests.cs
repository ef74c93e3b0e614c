using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Metrics;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Metrics;

/// <summary>
/// <c>GET /metrics</c> scraped from a running dashboard with its local agent (the userspace proxy) forwarding real
/// connections, read back by Prometheus's own parser: every family with its type and labels, and counters equal to
/// what the director's routing table says.
/// </summary>
public sealed class MetricsTests
{
    // Every family the dashboard exposes, with its type as Prometheus's parser names it (counters without _total).
    private static readonly Dictionary<string, string> s_families = new()
    {
        ["piranhanet_virtual_server_connections"] = "counter",
        ["piranhanet_virtual_server_packets"] = "counter",
        ["piranhanet_virtual_server_bytes"] = "counter",
        ["piranhanet_virtual_server_active_connections"] = "gauge",
        ["piranhanet_virtual_server_inactive_connections"] = "gauge",
        ["piranhanet_real_server_connections"] = "counter",
        ["piranhanet_real_server_packets"] = "counter",
        ["piranhanet_real_server_bytes"] = "counter",
        ["piranhanet_real_server_active_connections"] = "gauge",
        ["piranhanet_real_server_inactive_connections"] = "gauge",
        ["piranhanet_real_server_configured_weight"] = "gauge",
        ["piranhanet_real_server_effective_weight"] = "gauge",
        ["piranhanet_real_server_health"] = "gauge",
        ["piranhanet_director_connected"] = "gauge",
        ["piranhanet_director_info"] = "gauge",
        ["piranhanet_director_state"] = "gauge",
        ["piranhanet_director_applied_version"] = "gauge",
        ["piranhanet_director_state_changes"] = "counter",
        ["piranhanet_director_apply_duration_seconds"] = "histogram",
        ["piranhanet_heartbeat_round_trip_seconds"] = "gauge",
        ["piranhanet_heartbeat_path_up"] = "gauge",
        ["piranhanet_config_version"] = "gauge",
        ["piranhanet_config_saves"] = "counter",
        ["piranhanet_api_requests"] = "counter",
    };

    [Fact]
    public async Task Scrape_AnAgentForwardingConnections_ParsesAsPrometheusText_CountersMatchTheRoutingTable()
    {
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        using var stop = new CancellationTokenSource();
        var answering = AnswerAsync(backend, stop.Token);
        var vipPort = LoopbackPorts.Free();
        await using var server = await DashboardServer.StartAsync(localAgent: true);
        var config = SampleConfigs.Direct(SampleConfigs.Web("web", "127.0.0.1") with
        {
            Port = vipPort, Scheduler = "rr",
            RealServers = [new RealServerConfig { Name = "r1", Address = "127.0.0.1", Port = ((IPEndPoint)backend.LocalEndpoint).Port, Weight = 3, Active = true }],
        });
        (await server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(config))).EnsureSuccessStatusCode();
        var registry = server.Services.GetRequiredService<AgentRegistry>();
        Assert.True(await EventuallyAsync(() => Table(registry) is { Count: 1 }), "the local agent never reported the virtual server");

        for (var i = 0; i < 5; i++)
        {
            await RequestAsync(vipPort);
        }
        Assert.True(await EventuallyAsync(() => Table(registry) is [{ Stats.Connections: 5 }]), "the agent never reported five connections");
        var table = Assert.Single(Table(registry)!);
        var families = await PrometheusText.ParseAsync(await server.Client.GetStringAsync("metrics"));

        foreach (var (name, type) in s_families)
        {
            Assert.True(families.Any(f => f.Name == name && f.Type == type), $"{name} ({type}) is not in the exposition: {string.Join(", ", families.Select(f => $"{f.Name} {f.Type}"))}");
        }
        var destination = Assert.Single(table.Destinations);
        Dictionary<string, string> server1 = new() { ["director"] = "local", ["virtual_server"] = "web", ["real_server"] = "r1" };
        Assert.Equal(5, Value(families, "piranhanet_real_server_connections_total", server1));
        Assert.Equal(destination.Stats.InBytes, Value(families, "piranhanet_real_server_bytes_total", With(server1, "direction", "in")));
        Assert.Equal(destination.Stats.OutBytes, Value(families, "piranhanet_real_server_bytes_total", With(server1, "direction", "out")));
        Assert.True(destination.Stats.InBytes > 0 && destination.Stats.OutBytes > 0);
        Assert.Equal(table.Stats.Connections, Value(families, "piranhanet_virtual_server_connections_total", new() { ["director"] = "local", ["virtual_server"] = "web" }));
        Assert.Equal(table.Stats.OutBytes, Value(families, "piranhanet_virtual_server_bytes_total", new() { ["director"] = "local", ["virtual_server"] = "web", ["direction"] = "out" }));
        Assert.Equal(3, Value(families, "piranhanet_real_server_configured_weight", server1));
        Assert.Equal(destination.Destination.Weight, Value(families, "piranhanet_real_server_effective_weight", server1));
        // One health state at a time: the one the director reports (up, or still ramping to weight 3).
        var health = Assert.Single(registry.Views[LocalAgentService.DirectorName].Status!.Health!.Value).State.ToString().ToLowerInvariant();
        Assert.Equal(1, Value(families, "piranhanet_real_server_health", With(server1, "state", health)));
        Assert.Equal(1, families.Single(f => f.Name == "piranhanet_real_server_health").Samples.Sum(s => s.Value));
        Assert.Equal(1, Value(families, "piranhanet_director_connected", new() { ["director"] = "local" }));
        Assert.Equal(1, Value(families, "piranhanet_director_info", new() { ["director"] = "local", ["dataplane"] = "userspace" }));
        Assert.Equal(1, Value(families, "piranhanet_config_saves_total", []));
        Assert.True(Value(families, "piranhanet_api_requests_total", new() { ["status"] = "200" }) >= 1);
        Assert.True(Value(families, "piranhanet_director_apply_duration_seconds_count", new() { ["director"] = "local" }) >= 1);
        await stop.CancelAsync();
        await answering;
    }

    [Fact]
    public async Task Access_AnAddressNotAllowed_NeedsToSignIn()
    {
        await using var server = await DashboardServer.StartAsync(metricsAllow: []);
        using var anonymous = new HttpClient { BaseAddress = server.Address };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("metrics")).StatusCode);
        using var signedIn = await server.Client.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.NotEmpty(await PrometheusText.ParseAsync(await signedIn.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Access_FromAnAllowedAddress_NeedsNothingElse_EvenBeforeSetup()
    {
        await using var server = await DashboardServer.StartAsync(withAdmin: false);
        using var anonymous = new HttpClient { BaseAddress = server.Address };

        using var response = await anonymous.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_AClusterDirector_HeldGroupsConditionQuorumAndPathsPerPeer()
    {
        await using var server = await DashboardServer.StartAsync(metricsAllow: []);
        var enrolled = await (await server.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        using var agent = await ScriptedAgent.ConnectAsync(server.Address, enrolled.GetProperty("token").GetString()!, "lvs1");
        HeartbeatPathStatus Path(string name, bool up) => new(name, "192.0.2.1", "192.0.2.2", up, up ? DateTimeOffset.UtcNow : null, up ? 0.25 : null);
        var cluster = new ClusterStatus("lvs1", Core.Redundancy.MemberCondition.Paused, true, "quorum: hears 2 of 3 directors (needs 2)",
            [new GroupStatus("a", "lvs1", "lvs1 is paused and keeps what it holds", true), new GroupStatus("b", "lvs2", "lvs2 is its most preferred director", false)],
            [new ClusterPeerStatus("lvs2", true, Core.Redundancy.MemberCondition.Online, ["b"], [Path("public", true), Path("private", false)]),
             new ClusterPeerStatus("lvs3", false, null, [], [Path("public", false)])], []);
        var redundancy = new RedundancyStatus(null, Core.Redundancy.DirectorState.Active, "lvs1: holds a", false, null, [], [], [], null, null, cluster);
        await WebSocketMessages.SendAsync(agent, new StatusMessage(new DirectorStatus("lvs1", "userspace", true, 0, null, [], [], Redundancy: redundancy)), CancellationToken.None);
        var registry = server.Services.GetRequiredService<AgentRegistry>();
        Assert.True(await EventuallyAsync(() => registry.Views.GetValueOrDefault("lvs1")?.Status?.Redundancy?.Cluster is not null), "the report never arrived");

        var families = await PrometheusText.ParseAsync(await server.Client.GetStringAsync("metrics"));

        Dictionary<string, string> lvs1 = new() { ["director"] = "lvs1" };
        Assert.Equal((1, 0), (Value(families, "piranhanet_group_held", With(lvs1, "group", "a")), Value(families, "piranhanet_group_held", With(lvs1, "group", "b"))));
        Assert.Equal((1, 0), (Value(families, "piranhanet_director_condition", With(lvs1, "condition", "paused")), Value(families, "piranhanet_director_condition", With(lvs1, "condition", "online"))));
        Assert.Equal(1, Value(families, "piranhanet_director_quorum", lvs1));
        Assert.Equal((1, 0, 0), (Value(families, "piranhanet_heartbeat_path_up", With(lvs1, "path", "lvs2/public")),
            Value(families, "piranhanet_heartbeat_path_up", With(lvs1, "path", "lvs2/private")), Value(families, "piranhanet_heartbeat_path_up", With(lvs1, "path", "lvs3/public"))));
        Assert.Equal(0.00025, Value(families, "piranhanet_heartbeat_round_trip_seconds", With(lvs1, "path", "lvs2/public")), 9);
    }

    [Fact]
    public void MonotonicCounters_ATotalThatStartsAgain_GoesOnFromWhereItWas()
    {
        var counters = new MonotonicCounters();

        Assert.Equal([5, 7, 9, 9, 10], new double[] { 5, 7, 2, 2, 3 }.Select(raw => counters.Next("a", raw)));
        Assert.Equal(4, counters.Next("b", 4));
        counters.Forget(key => key == "a");
        Assert.Equal(1, counters.Next("a", 1));
    }

    private static IReadOnlyList<Core.Ipvs.IpvsServiceStatus>? Table(AgentRegistry registry) =>
        registry.Views.GetValueOrDefault(LocalAgentService.DirectorName)?.Status?.Services;

    private static Dictionary<string, string> With(Dictionary<string, string> labels, string name, string value) => new(labels) { [name] = value };

    private static double Value(IReadOnlyList<PrometheusFamily> families, string sample, Dictionary<string, string> labels) =>
        families.SelectMany(f => f.Samples).SingleOrDefault(s => s.Name == sample && s.Labels.Count == labels.Count && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value))?.Value
        ?? throw new InvalidOperationException($"no sample {sample}{{{string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))}}}");

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (condition())
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    // One request through the virtual server: a line out, the backend's answer back.
    private static async Task RequestAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        await client.GetStream().WriteAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray(), timeout.Token);
        Assert.True(await client.GetStream().ReadAsync(new byte[256], timeout.Token) > 0);
    }

    // The backend answers every connection that sends something (health checks only connect).
    private static async Task AnswerAsync(TcpListener backend, CancellationToken stop)
    {
        var handlers = new List<Task>();
        try
        {
            while (true)
            {
                var accepted = await backend.AcceptTcpClientAsync(stop);
                handlers.Add(Task.Run(async () =>
                {
                    using (accepted)
                    {
                        try
                        {
                            if (await accepted.GetStream().ReadAsync(new byte[256], stop) > 0)
                            {
                                await accepted.GetStream().WriteAsync("HTTP/1.0 200 OK\r\n\r\nok"u8.ToArray(), stop);
                            }
                        }
                        catch (Exception e) when (e is OperationCanceledException or IOException)
                        {
                        }
                    }
                }, stop));
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(handlers);
    }
}
