using System.Net;
using System.Net.Http.Json;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

/// <summary>The users through the API: an admin's changes, the last-admin rule, and a disabled user's credentials stopping at once.</summary>
public class UserApiTests : IAsyncLifetime
{
    /// <summary>The store the dashboard runs on: its SQLite file unless a subclass says otherwise.</summary>
    protected virtual Task<string?> StoreAsync() => Task.FromResult<string?>(null);

    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(store: await StoreAsync());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AddChangeDisableDelete_AsAdmin_DoWhatTheySay()
    {
        var added = await _server.Client.PostAsJsonAsync("api/v1/users", new { name = "olga", role = "operator", password = "a long enough password" });
        Assert.Equal("olga", (await added.JsonAsync(HttpStatusCode.Created)).GetProperty("name").GetString());
        using var olga = new HttpClient { BaseAddress = _server.Address };
        olga.DefaultRequestHeaders.Authorization = DashboardServer.BasicAuthorization("olga", "a long enough password");
        var me = await (await olga.GetAsync("api/v1/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("olga", "operator", "basic"), (me.GetProperty("name").GetString(), me.GetProperty("role").GetString(), me.GetProperty("via").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PutAsJsonAsync("api/v1/users/olga/role", new { role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await olga.PutAsync("api/v1/config/global", JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.PostAsync("api/v1/users/olga/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await olga.GetAsync("api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync("api/v1/users/olga")).StatusCode);

        var users = await (await _server.Client.GetAsync("api/v1/users")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([DashboardServer.AdminUser], users.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        Assert.DoesNotContain("hash", users.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LastAdmin_DemoteOrDelete_Is409AndChangesNothing()
    {
        var demoted = await (await _server.Client.PutAsJsonAsync($"api/v1/users/{DashboardServer.AdminUser}/role", new { role = "viewer" }))
            .ProblemAsync(HttpStatusCode.Conflict);
        var deleted = await (await _server.Client.DeleteAsync($"api/v1/users/{DashboardServer.AdminUser}")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("last enabled admin", demoted.GetProperty("detail").GetString());
        Assert.Contains("last enabled admin", deleted.GetProperty("detail").GetString());
        Assert.Equal("admin", (await (await _server.Client.GetAsync("api/v1/me")).JsonAsync(HttpStatusCode.OK)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task BadInput_NamesTheProblem()
    {
        var badRole = await (await _server.Client.PostAsJsonAsync("api/v1/users", new { name = "bob", role = "root", password = "a long enough password" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var exists = await (await _server.Client.PostAsJsonAsync("api/v1/users", new { name = DashboardServer.AdminUser, role = "viewer", password = "a long enough password" }))
            .ProblemAsync(HttpStatusCode.Conflict);
        var missing = await (await _server.Client.PostAsync("api/v1/users/nobody/disable", null)).ProblemAsync(HttpStatusCode.NotFound);
        var shortPassword = await (await _server.Client.PutAsJsonAsync($"api/v1/users/{DashboardServer.AdminUser}/password", new { password = "short" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("role 'root' is not one of viewer, operator, admin", badRole.GetProperty("detail").GetString());
        Assert.Equal($"a user named '{DashboardServer.AdminUser}' already exists", exists.GetProperty("detail").GetString());
        Assert.Equal("there is no user named 'nobody'", missing.GetProperty("detail").GetString());
        Assert.Equal("the password must have at least 8 characters", shortPassword.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Changes_AreAudited_WithTheAdminAsActor()
    {
        await _server.Client.PostAsJsonAsync("api/v1/users", new { name = "olga", role = "operator", password = "a long enough password" });
        await _server.Client.PostAsync("api/v1/users/olga/disable", null);

        var rows = (await (await _server.Client.GetAsync("api/v1/audit")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Select(r => $"{r.GetProperty("actor")} {r.GetProperty("action")} {r.GetProperty("target")} {r.GetProperty("outcome")}").ToList();

        Assert.Equal([$"{DashboardServer.AdminUser} DisableUser users/olga/disable ok", $"{DashboardServer.AdminUser} AddUser users ok"], rows);
    }
}
