using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Api;

/// <summary>Personal API tokens end to end: made once, used as Bearer, limited by role and owner, revoked, audited by name.</summary>
public class TokenApiTests : IAsyncLifetime
{
    /// <summary>The store the dashboard runs on: its SQLite file unless a subclass says otherwise.</summary>
    protected virtual Task<string?> StoreAsync() => Task.FromResult<string?>(null);

    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(metricsAllow: [], store: await StoreAsync());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_ThenUse_ActsAsTheOwnerWithTheTokensRole()
    {
        using var olga = await _server.AddUserAsync("olga", Roles.Operator);

        var created = await CreateAsync(olga, "ansible", Roles.Viewer);
        using var token = Bearer(created.GetProperty("token").GetString()!);
        var me = await (await token.GetAsync("api/v1/me")).JsonAsync(HttpStatusCode.OK);

        Assert.StartsWith(ApiTokens.Prefix, created.GetProperty("token").GetString());
        Assert.Equal(("olga", "viewer", "token ansible"), (me.GetProperty("name").GetString(), me.GetProperty("role").GetString(), me.GetProperty("via").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await token.PutAsync("api/v1/config/global", JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("metrics")).StatusCode);
        var listed = await (await olga.GetAsync("api/v1/tokens")).JsonAsync(HttpStatusCode.OK);
        var row = Assert.Single(listed.EnumerateArray());
        Assert.Equal(JsonValueKind.String, row.GetProperty("lastUsedAt").ValueKind);
        Assert.False(row.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Create_RoleAboveTheOwners_Is422AndMakesNothing()
    {
        using var victor = await _server.AddUserAsync("victor", Roles.Viewer);

        var problem = await (await victor.PostAsJsonAsync("api/v1/tokens", new { name = "ci", role = "operator" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("a token's role cannot be higher than the caller's: viewer", problem.GetProperty("detail").GetString());
        Assert.Empty((await (await victor.GetAsync("api/v1/tokens")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Create_ThroughAViewerToken_CannotMintAStrongerOne()
    {
        var viewerToken = await CreateAsync(_server.Client, "read-only", Roles.Viewer);
        using var token = Bearer(viewerToken.GetProperty("token").GetString()!);

        var problem = await (await token.PostAsJsonAsync("api/v1/tokens", new { name = "escalate", role = "admin" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("higher than the caller's: viewer", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Create_BadInput_NamesTheProblem()
    {
        await CreateAsync(_server.Client, "ci", Roles.Viewer);

        var duplicate = await (await _server.Client.PostAsJsonAsync("api/v1/tokens", new { name = "ci", role = "viewer" })).ProblemAsync(HttpStatusCode.Conflict);
        var past = await (await _server.Client.PostAsJsonAsync("api/v1/tokens", new { name = "old", role = "viewer", expiresAt = "2020-01-01T00:00:00Z" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var spaced = await (await _server.Client.PostAsJsonAsync("api/v1/tokens", new { name = "my token", role = "viewer" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal($"'{DashboardServer.AdminUser}' has a token named 'ci' already", duplicate.GetProperty("detail").GetString());
        Assert.Equal("the expiry 2020-01-01 00:00:00Z has passed already", past.GetProperty("detail").GetString());
        Assert.Equal("the token name must be one word", spaced.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OwnerDemotedOrDisabled_TokenFollowsAtOnce()
    {
        using var olga = await _server.AddUserAsync("olga", Roles.Operator);
        using var token = Bearer((await CreateAsync(olga, "deploy", Roles.Operator)).GetProperty("token").GetString()!);
        Assert.Equal("operator", (await (await token.GetAsync("api/v1/me")).JsonAsync(HttpStatusCode.OK)).GetProperty("role").GetString());

        await _server.Client.PutAsJsonAsync("api/v1/users/olga/role", new { role = "viewer" });
        Assert.Equal("viewer", (await (await token.GetAsync("api/v1/me")).JsonAsync(HttpStatusCode.OK)).GetProperty("role").GetString());

        await _server.Client.PostAsync("api/v1/users/olga/disable", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("api/v1/me")).StatusCode);
        Assert.Contains(_server.Log.Messages, m => m.Contains("the owner of token 'deploy', 'olga', is disabled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoke_StopsTheToken_AndOnlyTheOwnerOrAnAdminMay()
    {
        using var olga = await _server.AddUserAsync("olga", Roles.Operator);
        using var victor = await _server.AddUserAsync("victor", Roles.Viewer);
        var created = await CreateAsync(olga, "deploy", Roles.Operator);
        var id = created.GetProperty("id").GetInt64();
        using var token = Bearer(created.GetProperty("token").GetString()!);

        await (await victor.DeleteAsync($"api/v1/tokens/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("api/v1/me")).StatusCode);
        await (await victor.GetAsync("api/v1/tokens?user=*")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Single((await (await _server.Client.GetAsync("api/v1/tokens?user=*")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"api/v1/tokens/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task ChangesThroughAToken_AreAuditedWithTheTokensName()
    {
        using var token = Bearer((await CreateAsync(_server.Client, "terraform", Roles.Admin)).GetProperty("token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, (await token.PostAsync("api/v1/redundancy/heartbeat-key", null)).StatusCode);

        var row = (await (await _server.Client.GetAsync("api/v1/audit?action=RotateHeartbeatKey")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single();
        Assert.Equal((DashboardServer.AdminUser, "token terraform", "ok"), (row.GetProperty("actor").GetString(), row.GetProperty("via").GetString(), row.GetProperty("outcome").GetString()));
        var made = (await (await _server.Client.GetAsync("api/v1/audit?action=CreateToken")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single();
        Assert.Equal("tokens", made.GetProperty("target").GetString());
    }

    [Fact]
    public async Task Secret_IsNeitherStoredNorLogged()
    {
        var secret = (await CreateAsync(_server.Client, "ci", Roles.Viewer)).GetProperty("token").GetString()!;
        using var token = Bearer(secret);
        await token.GetAsync("api/v1/me");

        Assert.DoesNotContain(_server.Log.Messages, m => m.Contains(secret, StringComparison.Ordinal));
        var stored = await StoreText.OfAsync(_server);
        Assert.Contains(DashboardServer.AdminUser, stored, StringComparison.Ordinal);   // the rows were read
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string name, string role)
    {
        var response = await client.PostAsJsonAsync("api/v1/tokens", new { name, role });
        Assert.True(response.Headers.CacheControl?.NoStore, "the secret's response must not be cached");
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    private HttpClient Bearer(string secret)
    {
        var client = new HttpClient { BaseAddress = _server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
