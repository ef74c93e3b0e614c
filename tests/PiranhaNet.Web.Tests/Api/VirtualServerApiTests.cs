using System.Net;
using PiranhaNet.Core.Json;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

public class VirtualServerApiTests : IAsyncLifetime
{
    private DashboardServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync();
        // NAT would need a router; direct routing keeps these tests about virtual servers.
        await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config/global", """{"network":"direct"}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string Web = """{"name":"web","active":true,"address":"192.0.2.10","realServers":[{"name":"r1","address":"192.0.2.21"}]}""";

    [Fact]
    public async Task Post_NewVirtualServer_Returns201WithLocation()
    {
        var response = await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers", Web);

        var created = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("/api/v1/config/virtual-servers/web", response.Headers.Location?.OriginalString);
        Assert.Equal(2, response.Version());
        Assert.Equal(80, created.GetProperty("port").GetInt32());
        var fetched = await (await _server.Client.GetAsync("/api/v1/config/virtual-servers/web")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("wlc", fetched.GetProperty("scheduler").GetString());
    }

    [Fact]
    public async Task Post_ExistingName_Returns409()
    {
        await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers", Web);

        var problem = await (await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers", Web)).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("virtual server 'web' already exists", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RealServerCrud_ThroughTheApi_IsReflectedInTheConfiguration()
    {
        await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers", Web);

        var added = await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers/web/real-servers", """{"name":"r2","address":"192.0.2.22","weight":3}""");
        var changed = await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config/virtual-servers/web/real-servers/r2",
            """{"name":"r2","address":"192.0.2.22","weight":0}""", ifMatch: added.Version());
        var deleted = await _server.SendAsync(HttpMethod.Delete, "/api/v1/config/virtual-servers/web/real-servers/r1");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.NoContent), (added.StatusCode, changed.StatusCode, deleted.StatusCode));
        var reals = await (await _server.Client.GetAsync("/api/v1/config/virtual-servers/web/real-servers")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([("r2", 0)], reals.EnumerateArray().Select(r => (r.GetProperty("name").GetString(), r.GetProperty("weight").GetInt32())));
        await (await _server.Client.GetAsync("/api/v1/config/virtual-servers/web/real-servers/r1")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutRealServer_StaleIfMatch_Returns412AndKeepsWeight()
    {
        var created = await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers", Web);
        await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers/web/real-servers", """{"name":"r2","address":"192.0.2.22"}""");

        var stale = await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config/virtual-servers/web/real-servers/r1",
            """{"name":"r1","address":"192.0.2.21","weight":9}""", ifMatch: created.Version());

        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        var r1 = await (await _server.Client.GetAsync("/api/v1/config/virtual-servers/web/real-servers/r1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, r1.GetProperty("weight").GetInt32());
    }

    [Fact]
    public async Task PostRealServer_DuplicateAddress_Returns422()
    {
        await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers", Web);

        var problem = await (await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers/web/real-servers", """{"name":"again","address":"192.0.2.21"}"""))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("real server 192.0.2.21:80 is already in virtual server 'web' as 'r1'", problem.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task DeleteVirtualServer_Missing_Returns404()
    {
        var problem = await (await _server.SendAsync(HttpMethod.Delete, "/api/v1/config/virtual-servers/nope")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("virtual server 'nope' does not exist", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PutVirtualServer_NewName_RenamesIt()
    {
        await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/virtual-servers", Web);

        await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config/virtual-servers/web", Web.Replace("\"web\"", "\"www\""));

        var names = await (await _server.Client.GetAsync("/api/v1/config/virtual-servers")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["www"], names.EnumerateArray().Select(v => v.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task FailoverServices_CrudInFosMode_Works()
    {
        var config = PiranhaJson.Serialize(new PiranhaNet.Core.Model.LvsConfig { Service = PiranhaNet.Core.Model.ServiceKind.Fos });
        await _server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", config);

        var created = await _server.SendJsonAsync(HttpMethod.Post, "/api/v1/config/failover-services",
            """{"name":"ftp","active":true,"address":"192.0.2.50","port":21,"startCommand":"/usr/sbin/vsftpd","stopCommand":"/usr/bin/pkill vsftpd"}""");
        var deleted = await _server.SendAsync(HttpMethod.Delete, "/api/v1/config/failover-services/ftp");

        await created.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }
}
