using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

/// <summary>
/// The cluster's operations through the API with real WebSocket agents: pause, drain, resume and move reach the
/// directors (each its own pause, all of them the moves), also when one connects later; refusals say why; the
/// cluster view comes from the directors' reports.
/// </summary>
public sealed class ClusterApiTests : IAsyncLifetime
{
    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static LvsConfig Cluster() => SampleConfigs.ThreeDirectorCluster();

    private readonly Dictionary<string, string> _tokens = [];

    // Enrols the director and connects its agent; the token is kept so it can connect again.
    private async Task<ClientWebSocket> ConnectAsync(string name)
    {
        _tokens[name] = (await (await _server.Client.PostAsJsonAsync("api/v1/directors", new { name })).JsonAsync(HttpStatusCode.Created)).GetProperty("token").GetString()!;
        return await ScriptedAgent.ConnectAsync(_server.Address, _tokens[name], name);
    }

    // The next cluster operations the agent is sent, skipping configurations and keys.
    private static async Task<ClusterOperationsMessage> NextOperationsAsync(ClientWebSocket agent)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await WebSocketMessages.ReceiveAsync(agent, timeout.Token) is { } message)
        {
            if (message is ClusterOperationsMessage operations)
            {
                return operations;
            }
        }
        throw new InvalidOperationException("the channel closed before any cluster operations came");
    }

    private static string Shown(ClusterOperationsMessage m) =>
        $"paused={m.Paused} draining={m.Draining} moves={string.Join(",", m.Moves.Select(x => $"{x.Group}>{x.Director}"))}";

    [Fact]
    public async Task PauseDrainResumeAndMove_ReachEveryDirector_EachItsOwnPause_AllTheMoves()
    {
        await _server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(Cluster()));
        using var lvs1 = await ConnectAsync("lvs1");
        using var lvs2 = await ConnectAsync("lvs2");
        // On connecting, each hears that it is online and nothing is moved (it may have kept a pause from before).
        Assert.Equal("paused=False draining=False moves=", Shown(await NextOperationsAsync(lvs1)));
        Assert.Equal("paused=False draining=False moves=", Shown(await NextOperationsAsync(lvs2)));

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PostAsync("api/v1/directors/lvs1/pause", null)).StatusCode);
        Assert.Equal("paused=True draining=False moves=", Shown(await NextOperationsAsync(lvs1)));
        Assert.Equal("paused=False draining=False moves=", Shown(await NextOperationsAsync(lvs2)));

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PostAsJsonAsync("api/v1/groups/a/move", new { director = "lvs3" })).StatusCode);
        Assert.Equal("paused=True draining=False moves=a>lvs3", Shown(await NextOperationsAsync(lvs1)));
        Assert.Equal("paused=False draining=False moves=a>lvs3", Shown(await NextOperationsAsync(lvs2)));

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PostAsync("api/v1/directors/lvs2/drain", null)).StatusCode);
        Assert.Equal("paused=False draining=True moves=a>lvs3", Shown(await NextOperationsAsync(lvs2)));
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PostAsync("api/v1/directors/lvs1/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync("api/v1/groups/a/move")).StatusCode);

        // A director that connects again hears where things stand.
        lvs2.Abort();
        using var again = await ScriptedAgent.ConnectAsync(_server.Address, _tokens["lvs2"], "lvs2");
        Assert.Equal("paused=False draining=True moves=", Shown(await NextOperationsAsync(again)));
        var audited = await (await _server.Client.GetAsync("api/v1/audit?action=MoveGroup")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("groups/a/move", "ok"), (audited[0].GetProperty("target").GetString(), audited[0].GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Refusals_SayWhy_AndChangeNothing()
    {
        await _server.Client.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" });
        var inAPair = await (await _server.Client.PostAsync("api/v1/directors/lvs1/pause", null)).ProblemAsync(HttpStatusCode.Conflict);
        await _server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(Cluster()));
        var before = await StoreDigest.OfAsync(_server);

        var notMember = await (await _server.Client.PostAsJsonAsync("api/v1/groups/a/move", new { director = "lvs9" })).ProblemAsync(HttpStatusCode.Conflict);
        var noGroup = await (await _server.Client.PostAsJsonAsync("api/v1/groups/c/move", new { director = "lvs1" })).ProblemAsync(HttpStatusCode.Conflict);
        var notEnrolled = await (await _server.Client.PostAsync("api/v1/directors/lvs7/drain", null)).ProblemAsync(HttpStatusCode.Conflict);
        var notMoved = await (await _server.Client.DeleteAsync("api/v1/groups/b/move")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("the configuration has no failover groups: pause, drain and move are for a cluster (a pair has make active)", inAPair.GetProperty("detail").GetString());
        Assert.Equal("director 'lvs9' is not a member of group 'a' (lvs1, lvs2, lvs3)", notMember.GetProperty("detail").GetString());
        Assert.Equal("there is no failover group 'c'; the groups are a, b", noGroup.GetProperty("detail").GetString());
        Assert.Equal("director lvs7 is not enrolled", notEnrolled.GetProperty("detail").GetString());
        Assert.Equal("group 'b' was not moved", notMoved.GetProperty("detail").GetString());
        Assert.Equal(before, await StoreDigest.OfAsync(_server));
    }

    [Fact]
    public async Task ClusterView_FromTheDirectorsReports_WithWarnings()
    {
        await _server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(Cluster()));
        using var lvs1 = await ConnectAsync("lvs1");
        await _server.Client.PostAsync("api/v1/directors/lvs1/pause", null);
        var cluster = new ClusterStatus("lvs1", MemberCondition.Paused, true, "quorum: hears 2 of 3 directors (needs 2)",
            [new GroupStatus("a", "lvs1", "lvs1 is paused and keeps what it holds", true), new GroupStatus("b", "lvs2", "lvs2 is its most preferred director", false)],
            [new ClusterPeerStatus("lvs2", true, MemberCondition.Online, ["b"], []), new ClusterPeerStatus("lvs3", false, null, [], [])], []);
        var redundancy = new RedundancyStatus(null, DirectorState.Active, "lvs1: holds a", false, null, [], [], [], null, null, cluster);
        await WebSocketMessages.SendAsync(lvs1, new StatusMessage(new DirectorStatus("lvs1", "userspace", true, 1, null, [], [], Redundancy: redundancy)), CancellationToken.None);

        System.Text.Json.JsonElement view = default;
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            view = await (await _server.Client.GetAsync("api/v1/redundancy/cluster")).JsonAsync(HttpStatusCode.OK);
            if (view.GetProperty("directors").GetArrayLength() > 0)
            {
                break;
            }
        }

        var director = view.GetProperty("directors")[0];
        Assert.Equal(("lvs1", "lvs1", "paused", "paused"), (director.GetProperty("agent").GetString(), director.GetProperty("name").GetString(),
            director.GetProperty("condition").GetString(), director.GetProperty("operation").GetString()));
        var groups = view.GetProperty("groups");
        Assert.Equal(("a", "lvs1", "lvs1 is paused and keeps what it holds"), (groups[0].GetProperty("name").GetString(),
            groups[0].GetProperty("heldBy")[0].GetString(), groups[0].GetProperty("reason").GetString()));
        var warnings = view.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("text").GetString()).ToList();
        Assert.Contains("Group b is held by no director: lvs2 is its most preferred director.", warnings);
        Assert.Contains("lvs1 does not hear lvs3 on any path.", warnings);
    }
}
