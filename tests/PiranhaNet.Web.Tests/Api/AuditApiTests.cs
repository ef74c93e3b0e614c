using System.Net;
using PiranhaNet.Core.Json;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

/// <summary>Changes through the API land in the audit with who, how, from where and the result; GET /audit lists and filters them.</summary>
public class AuditApiTests : IAsyncLifetime
{
    /// <summary>The store the dashboard runs on: its SQLite file unless a subclass says otherwise.</summary>
    protected virtual Task<string?> StoreAsync() => Task.FromResult<string?>(null);

    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(store: await StoreAsync());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Changes_DoneRefusedAndFailed_AreRecordedWithWhoHowWhereAndResult()
    {
        using var olga = await _server.AddUserAsync("olga", Roles.Operator);
        using var victor = await _server.AddUserAsync("victor", Roles.Viewer);
        var json = PiranhaJson.Serialize(SampleConfigs.Direct(SampleConfigs.Web()));

        Assert.Equal(HttpStatusCode.OK, (await olga.PutAsync("api/v1/config", Json(json))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await victor.PutAsync("api/v1/config", Json(json))).StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Put, "api/v1/config") { Content = Json(json) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"0\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await olga.SendAsync(stale)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await victor.GetAsync("api/v1/config")).StatusCode);   // reads are not recorded

        var rows = (await (await victor.GetAsync("api/v1/audit")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Select(r => $"{r.GetProperty("actor")}|{r.GetProperty("via")}|{r.GetProperty("address")}|{r.GetProperty("action")}|{r.GetProperty("target")}|{r.GetProperty("outcome")}|{r.GetProperty("detail")}")
            .ToList();
        Assert.Equal(
        [
            "olga|basic|127.0.0.1|PutConfig|config|failed|the configuration changed: this change is based on version 0 but the latest is version 1; reload and apply it again",
            "victor|basic|127.0.0.1|PutConfig|config|refused|needs operator, is viewer",
            "olga|basic|127.0.0.1|PutConfig|config|ok|version 1",
        ], rows.Where(r => r.Contains("|PutConfig|", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task List_Filters_ByActorActionAndOutcome()
    {
        using var victor = await _server.AddUserAsync("victor", Roles.Viewer);
        await victor.PostAsync("api/v1/redundancy/heartbeat-key", null);
        await _server.Client.PostAsync("api/v1/redundancy/heartbeat-key", null);

        var refused = (await (await _server.Client.GetAsync("api/v1/audit?outcome=refused")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var byAdmin = (await (await _server.Client.GetAsync($"api/v1/audit?actor={DashboardServer.AdminUser}&action=RotateHeartbeatKey")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().ToList();

        Assert.Equal(["victor"], refused.Select(r => r.GetProperty("actor").GetString()));
        Assert.Equal(["ok"], byAdmin.Select(r => r.GetProperty("outcome").GetString()));
        await (await _server.Client.GetAsync("api/v1/audit?outcome=maybe")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await _server.Client.GetAsync("api/v1/audit?since=yesterday")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
