using System.Net;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

public class ConfigApiTests : IAsyncLifetime
{
    /// <summary>The store the dashboard runs on: its SQLite file unless a subclass says otherwise.</summary>
    protected virtual Task<string?> StoreAsync() => Task.FromResult<string?>(null);

    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(store: await StoreAsync());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string WebJson(string name = "web", string address = "192.0.2.10") => PiranhaJson.Serialize(SampleConfigs.Direct(SampleConfigs.Web(name, address)));

    [Fact]
    public async Task GetConfig_FreshStore_ReturnsEmptyVersionZero()
    {
        var response = await _server.Client.GetAsync("/api/v1/config");

        var config = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, response.Version());
        Assert.Equal(0, config.GetProperty("virtualServers").GetArrayLength());
        Assert.Equal("nat", config.GetProperty("global").GetProperty("network").GetString());
    }

    [Fact]
    public async Task PutConfig_Valid_SavesVersionAndReturnsNewETag()
    {
        var response = await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", WebJson(), ifMatch: 0);

        var config = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, response.Version());
        Assert.Equal(1, config.GetProperty("serialNo").GetInt32());
        var reread = await _server.Client.GetAsync("/api/v1/config");
        Assert.Equal("web", (await reread.JsonAsync(HttpStatusCode.OK)).GetProperty("virtualServers")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task PutConfig_Invalid_Returns422WithEveryErrorAndSavesNothing()
    {
        var json = WebJson().Replace("\"192.0.2.21\"", "\"192.0.2.300\"").Replace("\"port\":80", "\"port\":0");

        var problem = await (await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", json)).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("path").GetString(), e.GetProperty("value").GetString())).ToList();
        Assert.Equal([("virtualServers[web].realServers[r1].address", "192.0.2.300"), ("virtualServers[web].port", "0")], errors);
        Assert.Equal(0, (await _server.Client.GetAsync("/api/v1/config")).Version());
    }

    [Fact]
    public async Task PutConfig_StaleIfMatch_Returns412NamingLatestAndWritesNothing()
    {
        await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", WebJson(), ifMatch: 0);
        await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", WebJson("api"), ifMatch: 1);

        var problem = await (await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", WebJson("late"), ifMatch: 1)).ProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.Equal(2, problem.GetProperty("latestVersion").GetInt32());
        Assert.Contains("latest is version 2", problem.GetProperty("detail").GetString());
        Assert.Equal(2, (await _server.Client.GetAsync("/api/v1/config")).Version());
    }

    [Theory]
    [InlineData("""{"virtualServers":[{"name":"web","port":"eighty"}]}""", "$.virtualServers[0].port")]
    [InlineData("""{"global":{"network":"natt"}}""", "$.global.network")]
    [InlineData("""{"virtualServers":[{"address":"10.0.0.1"}]}""", "name")]
    [InlineData("""{"virtualServers":""", "$.virtualServers")]
    [InlineData("""{"virtualServers":[{"name":"w","realServers":[{"name":"a"},{"name":"b","weight":"x"}]}]}""", "$.virtualServers[0].realServers[1].weight")]
    public async Task PutConfig_MalformedJson_Returns400NamingTheField(string json, string expectedInDetail)
    {
        var problem = await (await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expectedInDetail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PutConfig_MalformedIfMatch_Returns400()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/config") { Content = new StringContent(WebJson(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "version-one");

        var problem = await (await _server.Client.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("If-Match", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PutGlobalAndRedundancy_Valid_AreReadBack()
    {
        var global = await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config/global", """{"primary":"192.0.2.1","network":"tunnel"}""");
        var redundancy = await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config/redundancy",
            """{"enabled":true,"backup":"192.0.2.2","heartbeat":true,"keepalive":0.2,"deadtime":0.6}""", ifMatch: 1);

        Assert.Equal((1, 2), (global.Version(), redundancy.Version()));
        var config = await (await _server.Client.GetAsync("/api/v1/config")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("tunnel", config.GetProperty("global").GetProperty("network").GetString());
        Assert.Equal(0.6, config.GetProperty("redundancy").GetProperty("deadtime").GetDouble());
        Assert.True(config.GetProperty("redundancy").GetProperty("autoFailback").GetBoolean());
    }

    [Fact]
    public async Task Validate_InvalidJson_ReportsErrorsAndSavesNothing()
    {
        var json = WebJson().Replace("\"wlc\"", "\"wlcc\"");

        var report = await (await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/validate", json)).JsonAsync(HttpStatusCode.OK);

        Assert.False(report.GetProperty("valid").GetBoolean());
        Assert.Equal("virtualServers[web].scheduler", report.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(0, (await _server.Client.GetAsync("/api/v1/config")).Version());
    }

    [Fact]
    public async Task Validate_LvsCfText_ReportsLineAndColumn()
    {
        var report = await (await _server.SendTextAsync(HttpMethod.Post, "/api/v1/config/validate", "network = direct\nvirtual web {\n port = htp\n}\n"))
            .JsonAsync(HttpStatusCode.OK);

        var error = report.GetProperty("errors")[0];
        Assert.Equal((3, 9), (error.GetProperty("line").GetInt32(), error.GetProperty("column").GetInt32()));
    }

    [Fact]
    public async Task Import_ValidLvsCf_MakesVersionThatExportsTheSameFile()
    {
        var text = LvsConfigWriter.Write(SampleConfigs.Direct(SampleConfigs.Web()) with { SerialNo = 1 });

        var imported = await (await _server.SendTextAsync(HttpMethod.Post, "/api/v1/config/import", text)).JsonAsync(HttpStatusCode.OK);
        var export = await _server.Client.GetAsync("/api/v1/config/export");

        Assert.Equal(1, imported.GetProperty("version").GetProperty("serial").GetInt32());
        Assert.Equal(text, await export.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lvs.cf", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(1, export.Version());
    }

    [Fact]
    public async Task Import_MalformedLvsCf_Returns400WithLineErrorsAndImportsNothing()
    {
        var problem = await (await _server.SendTextAsync(HttpMethod.Post, "/api/v1/config/import?fileName=site.cf", "network = direct\nvirtual web {\n prot = 80\n}\nbogus\n"))
            .ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("file").GetString(), e.GetProperty("line").GetInt32(), e.GetProperty("column").GetInt32(), e.GetProperty("message").GetString()))
            .ToList();
        Assert.Equal(
        [
            ("site.cf", 3, 2, "unknown key 'prot' in virtual server 'web'; did you mean 'port'?"),
            ("site.cf", 5, 6, "equal (=) expected after 'bogus'"),
        ], errors);
        Assert.Equal(0, (await _server.Client.GetAsync("/api/v1/config")).Version());
    }

    private const string KeepalivedFarm = "virtual_server 192.0.2.10 80 {\n lb_kind DR\n protocol TCP\n real_server 192.0.2.21 80 {\n  TCP_CHECK {\n  }\n }\n}\n";

    [Fact]
    public async Task Import_KeepalivedConf_IsToldApartAndImported()
    {
        var imported = await (await _server.SendTextAsync(HttpMethod.Post, "/api/v1/config/import", KeepalivedFarm)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, imported.GetProperty("version").GetProperty("serial").GetInt32());
        Assert.StartsWith("imported keepalived.conf (keepalived.conf): lvs, direct, 1 virtual server", imported.GetProperty("version").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Import_KeepalivedConfWithUnsupportedSetting_Returns400UnlessAllowed()
    {
        var text = "vrrp_script chk {\n script true\n}\n" + KeepalivedFarm;

        var problem = await (await _server.SendTextAsync(HttpMethod.Post, "/api/v1/config/import?fileName=ka.conf", text)).ProblemAsync(HttpStatusCode.BadRequest);
        var allowed = await (await _server.SendTextAsync(HttpMethod.Post, "/api/v1/config/import?fileName=ka.conf&allowUnsupported=true", text)).JsonAsync(HttpStatusCode.OK);

        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(("ka.conf", 1, 1), (error.GetProperty("file").GetString(), error.GetProperty("line").GetInt32(), error.GetProperty("column").GetInt32()));
        Assert.Contains("dropped: ka.conf:1:1: vrrp_script is not carried", allowed.GetProperty("version").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApi()
    {
        var document = await (await _server.Client.GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/config", paths);
        Assert.Contains("/api/v1/config/virtual-servers/{parent}/real-servers/{name}", paths);
        Assert.Contains("/api/v1/versions/{from}/diff/{to}", paths);
    }

    [Fact]
    public async Task UnknownRoute_ReturnsProblem()
    {
        await (await _server.Client.GetAsync("/api/v1/nothing-here")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
