using System.Net.Http.Json;
using System.Text.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Testing;
using PiranhaNet.Web.Testing.Fleet;

namespace PiranhaNet.Web.Tests.Agents;

/// <summary>
/// Issue 15's load generator at a test's size: 40 simulated directors (real WebSocket clients speaking the protocol)
/// spread over two dashboards on one PostgreSQL. Every weight change reaches every director once and in order,
/// wherever it was saved; each dashboard shows every director with its table; when one dashboard goes away its
/// directors move to the other and keep following.
/// bench/run fleet runs the same at 500 directors and prints the figures.
/// </summary>
public sealed class FleetTests
{
    private const int Directors = 40;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FortyDirectorsOnTwoDashboards_FollowEveryChange_AndMoveWhenOneGoesAway()
    {
        var store = await ThrowawayPostgres.NewDatabaseAsync();
        var a = await DashboardServer.StartAsync(store: store);
        await using var b = await DashboardServer.StartAsync(store: store);
        var enrolled = await EnrolAsync(a, Directors);
        (await a.SendJsonAsync(HttpMethod.Put, "/api/v1/config", Json(Config(weight: 1)), ifMatch: 0)).EnsureSuccessStatusCode();
        // Even directors start on A, odd ones on B; each has the other as its second controller.
        await using var fleet = SimulatedFleet.Start(enrolled, i => i % 2 == 0 ? [a.Address, b.Address] : [b.Address, a.Address],
            new SimulatedDirectorOptions { RetryPause = TimeSpan.FromMilliseconds(200), EventEvery = 2 });
        await fleet.WaitForAllAsync(d => d.Version == 1, "applied version 1", s_wait);

        (await b.SendJsonAsync(HttpMethod.Put, "/api/v1/config", Json(Config(weight: 2)), ifMatch: 1)).EnsureSuccessStatusCode();
        await fleet.WaitForAllAsync(d => d.Version == 2, "applied version 2, saved on B (half of them are connected to A)", s_wait);
        await WaitForEventsFromAllAsync(a, enrolled);
        // Each dashboard shows every director, the other's as heard there, with its routing table.
        await WaitForListingAsync(a, "A lists every director at version 2, those on B as B's", d =>
            d.GetProperty("connected").GetBoolean() && d.GetProperty("appliedVersion").GetInt32() == 2
            && d.GetProperty("dashboard").ValueKind == (fleet.Directors.Single(f => f.Name == d.GetProperty("name").GetString()).ConnectedTo == b.Address
                ? JsonValueKind.String : JsonValueKind.Null));
        var onB = fleet.Directors.First(d => d.ConnectedTo == b.Address).Name;
        await LoggedProcess.WaitUntilAsync(async () => RoutingTableLines(await a.Client.GetStringAsync($"api/v1/directors/{onB}/routing-table")) == 3,
            $"A shows the routing table of {onB}, connected to B", s_wait);

        await a.DisposeAsync();
        await fleet.WaitForAllAsync(d => d.ConnectedTo == b.Address, "moved to B once A went away", s_wait);
        (await b.SendJsonAsync(HttpMethod.Put, "/api/v1/config", Json(Config(weight: 3)), ifMatch: 2)).EnsureSuccessStatusCode();
        await fleet.WaitForAllAsync(d => d.Version == 3, "applied version 3 on B", s_wait);

        Assert.All(fleet.Directors, d => Assert.Equal([1, 2, 3], d.AppliedVersions));
        // Those that moved said hello to B holding version 2, and B sent them nothing until version 3.
        Assert.All(fleet.Directors, d => Assert.Equal(0, d.Repeats));
        // The directors' applied messages reach B just after they count themselves applied.
        await WaitForListingAsync(b, "B lists every director as its own, connected with version 3 applied", d =>
            d.GetProperty("connected").GetBoolean() && d.GetProperty("appliedVersion").GetInt32() == 3 && d.GetProperty("dashboard").ValueKind == JsonValueKind.Null);
        Assert.Equal(3, RoutingTableLines(await b.Client.GetStringAsync($"api/v1/directors/{enrolled[0].Name}/routing-table")));
    }

    private static Task WaitForListingAsync(DashboardServer dashboard, string what, Func<JsonElement, bool> everyDirector) =>
        LoggedProcess.WaitUntilAsync(async () => (await dashboard.Client.GetFromJsonAsync<JsonElement>("api/v1/directors")).EnumerateArray().Count(everyDirector) == Directors,
            what, s_wait);

    // Virtual services in a table as ipvsadm -Ln prints it, as the director reported it.
    private static int RoutingTableLines(string table) => table.Split('\n').Count(line => line.StartsWith("TCP", StringComparison.Ordinal));

    // Each director's flapping real server (an event every 2 s) reaches the shared store, whichever dashboard it is on.
    private static Task WaitForEventsFromAllAsync(DashboardServer dashboard, IReadOnlyList<(string Name, string Token)> enrolled) =>
        LoggedProcess.WaitUntilAsync(async () => (await dashboard.Client.GetFromJsonAsync<JsonElement>("api/v1/events?limit=1000")).EnumerateArray()
            .Select(e => e.GetProperty("director").GetString()).Distinct().Count() == enrolled.Count, "events stored from every director", s_wait);

    private static async Task<IReadOnlyList<(string Name, string Token)>> EnrolAsync(DashboardServer dashboard, int count)
    {
        var enrolled = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var name = $"lvs{i:000}";
            var answer = await (await dashboard.Client.PostAsJsonAsync("api/v1/directors", new { name })).Content.ReadFromJsonAsync<JsonElement>();
            enrolled.Add((name, answer.GetProperty("token").GetString()!));
        }
        return enrolled;
    }

    // Three virtual servers of two real servers; the first real server of the first one has the given weight.
    private static LvsConfig Config(int weight) => LargeConfig.WithWeight(LargeConfig.Create(3, 2), 0, weight);

    private static string Json(LvsConfig config) => PiranhaJson.Serialize(config);
}
