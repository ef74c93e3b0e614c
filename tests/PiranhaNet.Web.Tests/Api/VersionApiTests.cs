using System.Net;
using PiranhaNet.Core.Json;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

public class VersionApiTests : IAsyncLifetime
{
    /// <summary>The store the dashboard runs on: its SQLite file unless a subclass says otherwise.</summary>
    protected virtual Task<string?> StoreAsync() => Task.FromResult<string?>(null);

    private DashboardServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync(store: await StoreAsync());
        await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(SampleConfigs.Direct(SampleConfigs.Web())));
        await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config/virtual-servers/web/real-servers/r1", """{"name":"r1","address":"192.0.2.21","active":true,"weight":7}""");
        await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers", System.Text.Json.JsonSerializer.Serialize(SampleConfigs.Web("api", "192.0.2.11"), PiranhaJson.Options));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task List_ReturnsVersionsNewestFirstWithSummaries()
    {
        var versions = await (await _server.Client.GetAsync("/api/v1/versions")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal([3, 2, 1], versions.EnumerateArray().Select(v => v.GetProperty("serial").GetInt32()));
        Assert.Equal("added virtual server 'api' (192.0.2.11:80/tcp wlc; r1 192.0.2.21:80 weight 1, r2 192.0.2.22:80 weight 1)", versions[0].GetProperty("summary").GetString());
        Assert.Equal("virtualServers[web].realServers[r1].weight: 1 -> 7", versions[1].GetProperty("summary").GetString());
        Assert.Equal(DashboardServer.AdminUser, versions[0].GetProperty("author").GetString());
    }

    [Fact]
    public async Task Diff_TwoVersions_ListsReadableChanges()
    {
        var diff = await (await _server.Client.GetAsync("/api/v1/versions/1/diff/3")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["added virtual server 'api' (192.0.2.11:80/tcp wlc; r1 192.0.2.21:80 weight 1, r2 192.0.2.22:80 weight 1)", "virtualServers[web].realServers[r1].weight: 1 -> 7"],
            diff.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task Get_Version_ReturnsItsConfig()
    {
        var version = await (await _server.Client.GetAsync("/api/v1/versions/1")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, version.GetProperty("config").GetProperty("virtualServers").GetArrayLength());
        Assert.Equal(1, version.GetProperty("info").GetProperty("serial").GetInt32());
    }

    [Fact]
    public async Task Restore_OldVersion_MakesNewVersionWithItsContent()
    {
        var restored = await _server.SendAsync(HttpMethod.Post, "/api/v1/versions/1/restore", ifMatch: 3);

        var result = await restored.JsonAsync(HttpStatusCode.OK);
        Assert.Equal((4, 1), (result.GetProperty("version").GetProperty("serial").GetInt32(), result.GetProperty("version").GetProperty("restoredFrom").GetInt32()));
        var current = await (await _server.Client.GetAsync("/api/v1/versions/3/diff/4")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, current.GetProperty("changes").GetArrayLength());
        var export = await (await _server.Client.GetAsync("/api/v1/versions/1/export")).Content.ReadAsStringAsync();
        Assert.StartsWith("serial_no = 1\n", export);
    }

    [Fact]
    public async Task Get_MissingVersion_Returns404()
    {
        var problem = await (await _server.Client.GetAsync("/api/v1/versions/99")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("configuration version 99 does not exist", problem.GetProperty("detail").GetString());
    }
}
