using System.Net;
using System.Net.Http.Json;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

/// <summary>The directors through the API, with a real WebSocket agent reporting: enrol, status as JSON and as ipvsadm text, health, Start/Stop, revoke, the event stream.</summary>
public class DirectorApiTests : IAsyncLifetime
{
    /// <summary>The store the dashboard runs on: its SQLite file unless a subclass says otherwise.</summary>
    protected virtual Task<string?> StoreAsync() => Task.FromResult<string?>(null);

    private static readonly DateTimeOffset s_since = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(store: await StoreAsync());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Enrol_ReturnsTheTokenOnce_AndTheAgentConnectsWithIt()
    {
        var response = await _server.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" });
        var enrolled = await response.JsonAsync(HttpStatusCode.Created);
        var token = enrolled.GetProperty("token").GetString()!;

        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal($"piranhanet-agent --controller {_server.Address.GetLeftPart(UriPartial.Authority)} --token {token} --name lvs1",
            enrolled.GetProperty("command").GetString());
        using var agent = await ScriptedAgent.ConnectAsync(_server.Address, token, "lvs1");
        await WaitAsync(async () => (await ListAsync()).Single().GetProperty("connected").GetBoolean());
        Assert.DoesNotContain(token, (await _server.Client.GetStringAsync("api/v1/directors")), StringComparison.Ordinal);
        // The director's token is the agent channel's business: the API's token check neither takes nor logs it.
        Assert.DoesNotContain(_server.Log.Messages, m => m.Contains("API token refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enrol_BadOrTakenName_NamesTheProblem()
    {
        await _server.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" });

        var taken = await (await _server.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).ProblemAsync(HttpStatusCode.Conflict);
        var bad = await (await _server.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs 1" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("a director named 'lvs1' is already enrolled", taken.GetProperty("detail").GetString());
        Assert.Contains("cannot be written to lvs.cf", bad.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Status_RoutingTableAndHealth_AreWhatTheAgentReported()
    {
        using var agent = await ConnectReportingAsync("lvs1");

        var status = await (await _server.Client.GetAsync("api/v1/directors/lvs1/status")).JsonAsync(HttpStatusCode.OK);
        var table = await _server.Client.GetStringAsync("api/v1/directors/lvs1/routing-table");
        var stats = await _server.Client.GetStringAsync("api/v1/directors/lvs1/routing-table?view=stats");
        var health = await (await _server.Client.GetAsync("api/v1/directors/lvs1/health")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(7, status.GetProperty("status").GetProperty("services")[0].GetProperty("stats").GetProperty("connections").GetInt64());
        Assert.Equal(RoutingTableText.Format([Reported()], RoutingTableView.Connections), table);
        Assert.Equal(RoutingTableText.Format([Reported()], RoutingTableView.Stats), stats);
        Assert.Contains("TCP  192.0.2.10:80", table);
        Assert.Equal(("r1", "down", "connection refused"),
            (health[0].GetProperty("realServer").GetString(), health[0].GetProperty("state").GetString()!.ToLowerInvariant(), health[0].GetProperty("detail").GetString()));
        await (await _server.Client.GetAsync("api/v1/directors/lvs1/routing-table?view=pretty")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await _server.Client.GetAsync("api/v1/directors/nobody/status")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StartStop_DirectorAndCluster_AreStoredAndListed()
    {
        await _server.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" });

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PostAsync("api/v1/directors/lvs1/stop", null)).StatusCode);
        Assert.False((await ListAsync()).Single().GetProperty("desiredRunning").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PostAsync("api/v1/cluster/stop", null)).StatusCode);
        var cluster = await (await _server.Client.GetAsync("api/v1/cluster")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal((false, DashboardServer.AdminUser), (cluster.GetProperty("desiredRunning").GetBoolean(), cluster.GetProperty("changedBy").GetString()));
        await (await _server.Client.PostAsync("api/v1/directors/nobody/start", null)).ProblemAsync(HttpStatusCode.NotFound);
        var audited = await (await _server.Client.GetAsync("api/v1/audit?action=StopCluster")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("ok", audited[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Revoke_DisconnectsTheAgentAndForgetsTheDirector()
    {
        using var agent = await ConnectReportingAsync("lvs1");

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync("api/v1/directors/lvs1")).StatusCode);

        Assert.Empty(await ListAsync());
        await (await _server.Client.DeleteAsync("api/v1/directors/lvs1")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StatusStream_SendsTheCurrentStatusThenEachChange()
    {
        using var agent = await ConnectReportingAsync("lvs1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/status/stream?director=lvs1");
        using var response = await _server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = System.Net.ServerSentEvents.SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token))
            .EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(("status", "lvs1"), (events.Current.EventType, events.Current.EventId));
        Assert.Contains("\"appliedVersion\":0", events.Current.Data);

        await WebSocketMessages.SendAsync(agent, new StatusMessage(Status("lvs1", appliedVersion: 3)), CancellationToken.None);
        do
        {
            Assert.True(await events.MoveNextAsync());
        }
        while (!events.Current.Data.Contains("\"appliedVersion\":3", StringComparison.Ordinal));
        Assert.Equal("status", events.Current.EventType);
        await events.DisposeAsync();
    }

    private async Task<System.Net.WebSockets.ClientWebSocket> ConnectReportingAsync(string name)
    {
        var enrolled = await (await _server.Client.PostAsJsonAsync("api/v1/directors", new { name })).JsonAsync(HttpStatusCode.Created);
        var agent = await ScriptedAgent.ConnectAsync(_server.Address, enrolled.GetProperty("token").GetString()!, name);
        await WebSocketMessages.SendAsync(agent, new StatusMessage(Status(name)), CancellationToken.None);
        await WaitAsync(async () => (await _server.Client.GetAsync($"api/v1/directors/{name}/health")).StatusCode == HttpStatusCode.OK
            && (await _server.Client.GetStringAsync($"api/v1/directors/{name}/health")).Contains("r1", StringComparison.Ordinal));
        return agent;
    }

    private static IpvsServiceStatus Reported() =>
        IpvsServiceStatus.Unmeasured(DesiredTable.From(SampleConfigs.Direct(SampleConfigs.Web()))[0]) with { Stats = new IpvsCounters(7, 70, 60, 7000, 6000) };

    private static DirectorStatus Status(string name, int appliedVersion = 0) =>
        new(name, "userspace", true, appliedVersion, null, [Reported()], [],
            Health: [new RealServerHealthStatus("web", "r1", HealthState.Down, 0, "connection refused", s_since)]);

    private async Task<List<System.Text.Json.JsonElement>> ListAsync() =>
        [.. (await (await _server.Client.GetAsync("api/v1/directors")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()];

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(15); !await condition(); await Task.Delay(50))
        {
            Assert.True(DateTime.UtcNow < deadline, "the dashboard did not get there within 15 s");
        }
    }
}
