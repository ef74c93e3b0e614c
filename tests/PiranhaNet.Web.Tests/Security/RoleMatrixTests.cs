using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Json;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Security;

/// <summary>
/// Who may call what: every endpoint of the API (and /metrics) as read from the running dashboard's endpoint list, called
/// by an admin, an operator, a viewer, a disabled user, nobody, tokens of each role (one of them owned by an admin but
/// limited to viewing), an expired token, a disabled user's token and an unknown one. A refused call answers 401 or 403 and changes nothing
/// in the store; an allowed one is never refused. An endpoint missing from <see cref="s_rules"/> fails the test, so a new
/// endpoint cannot arrive without a decision about who may call it.
/// </summary>
public class RoleMatrixTests
{
    // The least role each endpoint needs, by the name it is mapped with (its OpenAPI operation id).
    private static readonly Dictionary<string, string> s_rules = new(StringComparer.Ordinal)
    {
        ["GetConfig"] = Roles.Viewer,
        ["PutConfig"] = Roles.Operator,
        ["GetGlobal"] = Roles.Viewer,
        ["PutGlobal"] = Roles.Operator,
        ["GetRedundancy"] = Roles.Viewer,
        ["PutRedundancy"] = Roles.Operator,
        ["ValidateConfig"] = Roles.Viewer,
        ["ImportLvsCf"] = Roles.Operator,
        ["ExportLvsCf"] = Roles.Viewer,
        ["ListVirtualServers"] = Roles.Viewer,
        ["GetVirtualServer"] = Roles.Viewer,
        ["AddVirtualServer"] = Roles.Operator,
        ["ReplaceVirtualServer"] = Roles.Operator,
        ["DeleteVirtualServer"] = Roles.Operator,
        ["ListRealServers"] = Roles.Viewer,
        ["GetRealServer"] = Roles.Viewer,
        ["AddRealServer"] = Roles.Operator,
        ["ReplaceRealServer"] = Roles.Operator,
        ["DeleteRealServer"] = Roles.Operator,
        ["ListFailoverServices"] = Roles.Viewer,
        ["GetFailoverService"] = Roles.Viewer,
        ["AddFailoverService"] = Roles.Operator,
        ["ReplaceFailoverService"] = Roles.Operator,
        ["DeleteFailoverService"] = Roles.Operator,
        ["ListVersions"] = Roles.Viewer,
        ["GetVersion"] = Roles.Viewer,
        ["ExportVersion"] = Roles.Viewer,
        ["DiffVersions"] = Roles.Viewer,
        ["RestoreVersion"] = Roles.Operator,
        ["ListEvents"] = Roles.Viewer,
        ["GetDirectorPair"] = Roles.Viewer,
        ["ListFailovers"] = Roles.Viewer,
        ["RotateHeartbeatKey"] = Roles.Admin,
        ["MakeDirectorActive"] = Roles.Operator,
        ["ListAudit"] = Roles.Viewer,
        ["GetMe"] = Roles.Viewer,
        ["ListUsers"] = Roles.Admin,
        ["AddUser"] = Roles.Admin,
        ["SetUserRole"] = Roles.Admin,
        ["DisableUser"] = Roles.Admin,
        ["EnableUser"] = Roles.Admin,
        ["ResetUserPassword"] = Roles.Admin,
        ["DeleteUser"] = Roles.Admin,
        ["ListTokens"] = Roles.Viewer,
        ["CreateToken"] = Roles.Viewer,
        ["RevokeToken"] = Roles.Viewer,
        ["ListDirectors"] = Roles.Viewer,
        ["EnrolDirector"] = Roles.Admin,
        ["RevokeDirector"] = Roles.Admin,
        ["StartDirector"] = Roles.Operator,
        ["StopDirector"] = Roles.Operator,
        ["GetDirectorStatus"] = Roles.Viewer,
        ["GetDirectorRoutingTable"] = Roles.Viewer,
        ["GetDirectorHealth"] = Roles.Viewer,
        ["GetCluster"] = Roles.Viewer,
        ["StartCluster"] = Roles.Operator,
        ["StopCluster"] = Roles.Operator,
        ["StreamStatus"] = Roles.Viewer,
        ["GetClusterGroups"] = Roles.Viewer,
        ["PauseDirector"] = Roles.Operator,
        ["ResumeDirector"] = Roles.Operator,
        ["DrainDirector"] = Roles.Operator,
        ["MoveGroup"] = Roles.Operator,
        ["ClearGroupMove"] = Roles.Operator,
        ["Metrics"] = Roles.Viewer,
    };

    // Audited: who the audit must name for a change this caller makes (the user, and how: basic or "token NAME").
    private sealed record Caller(string Name, string? Role, HttpClient Client, (string User, string Via)? Audited = null);

    private sealed record Call(string Name, string Method, string Path, string Role, string Declared, string ContentType);

    [Fact]
    public async Task EveryEndpoint_AsEveryRole_AllowedOrRefusedByTheTable()
    {
        // No scraper addresses: /metrics is then a matter of roles like the rest.
        await using var server = await DashboardServer.StartAsync(metricsAllow: []);
        Assert.Equal(HttpStatusCode.OK, (await server.SendJsonAsync(HttpMethod.Put, "api/v1/config",
            PiranhaJson.Serialize(SampleConfigs.Direct(SampleConfigs.Web())), ifMatch: 0)).StatusCode);
        var callers = new List<Caller>
        {
            new("admin", Roles.Admin, server.Client, (DashboardServer.AdminUser, "basic")),
            new("operator", Roles.Operator, await server.AddUserAsync("olga", Roles.Operator), ("olga", "basic")),
            new("viewer", Roles.Viewer, await server.AddUserAsync("victor", Roles.Viewer), ("victor", "basic")),
            new("disabled operator", null, await server.AddUserAsync("dora", Roles.Operator)),
            new("anonymous", null, new HttpClient { BaseAddress = server.Address }),
            new("admin's admin token", Roles.Admin, await TokenClientAsync(server, DashboardServer.AdminUser, Roles.Admin), (DashboardServer.AdminUser, "token admin-live")),
            new("admin's operator token", Roles.Operator, await TokenClientAsync(server, DashboardServer.AdminUser, Roles.Operator), (DashboardServer.AdminUser, "token operator-live")),
            new("admin's viewer token", Roles.Viewer, await TokenClientAsync(server, DashboardServer.AdminUser, Roles.Viewer), (DashboardServer.AdminUser, "token viewer-live")),
            new("operator's operator token", Roles.Operator, await TokenClientAsync(server, "olga", Roles.Operator), ("olga", "token operator-live")),
            new("expired admin token", null, await TokenClientAsync(server, DashboardServer.AdminUser, Roles.Admin, expired: true)),
            new("disabled operator's token", null, await TokenClientAsync(server, "dora", Roles.Operator)),
            new("unknown token", null, BearerClient(server, ApiTokens.Prefix + "not-a-token")),
        };
        Assert.Null(await server.Services.GetRequiredService<UserAccounts>().SetDisabledAsync("dora", true, CancellationToken.None));

        var calls = Calls(server);
        var unruled = calls.Where(c => c.Role == "").Select(c => $"{c.Name} ({c.Method} {c.Path})").ToList();
        Assert.True(unruled.Count == 0, $"endpoints without a rule in this test: {string.Join(", ", unruled)}");
        var misdeclared = calls.Where(c => c.Declared != c.Role).Select(c => $"{c.Name}: declares '{c.Declared}', the table says '{c.Role}'").ToList();
        Assert.True(misdeclared.Count == 0, string.Join("; ", misdeclared));
        Assert.Empty(s_rules.Keys.Except(calls.Select(c => c.Name)));

        var wrong = new List<string>();
        foreach (var call in calls)
        {
            // Refused callers first, and the store compared around them: a refusal must change nothing but the audit,
            // which records each refused change (a 403 of an endpoint beyond the viewer's reach).
            var before = await StoreDigest.OfAsync(server);
            var refusedBefore = await RefusalsAsync(server);
            var forbidden = 0;
            foreach (var caller in callers.Where(c => !Roles.Includes(c.Role, call.Role)))
            {
                var status = await SendAsync(caller.Client, call);
                var expected = caller.Role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                forbidden += status == HttpStatusCode.Forbidden && call.Method != "GET" && call.Name != "ValidateConfig" ? 1 : 0;
                if (status != expected)
                {
                    wrong.Add($"{call.Name} as {caller.Name}: {(int)status}, expected {(int)expected}");
                }
            }
            Assert.True(before == await StoreDigest.OfAsync(server), $"refused calls of {call.Name} changed the store");
            Assert.True(refusedBefore + forbidden == await RefusalsAsync(server), $"refused calls of {call.Name} were not each audited");
            // Allowed callers: each change they make (done or failed, as the sample bodies may be refused) is audited
            // under the endpoint's name with the user and, for a token, its name.
            foreach (var caller in callers.Where(c => Roles.Includes(c.Role, call.Role)))
            {
                var auditedBefore = await AuditedAsync(server, call.Name);
                var status = await SendAsync(caller.Client, call);
                if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    wrong.Add($"{call.Name} as {caller.Name}: {(int)status}, expected to be allowed");
                }
                if (call.Method != "GET" && call.Name != "ValidateConfig")
                {
                    var audited = await AuditedAsync(server, call.Name);
                    if (audited.Count != auditedBefore.Count + 1 || (audited[0].Actor.Name, audited[0].Actor.Via) != caller.Audited)
                    {
                        wrong.Add($"{call.Name} as {caller.Name}: not audited as {caller.Audited} ({audited.Count - auditedBefore.Count} new rows)");
                    }
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    // Every named API endpoint and /metrics, from the dashboard's own route table, with the role the table gives it and
    // the policy the endpoint declares.
    private static List<Call> Calls(DashboardServer server) =>
        [.. server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && (path.StartsWith("/api/", StringComparison.Ordinal) || path == "/metrics"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method =>
            {
                var name = e.RoutePattern.RawText == "/metrics" ? "Metrics" : e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName ?? "?";
                var declared = e.RoutePattern.RawText == "/metrics" ? Roles.Viewer
                    : e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "(none)";
                // A body of the type it accepts: routing answers another type with 415 before any rule is consulted.
                var contentType = e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
                return new Call(name, method, Fill(e.RoutePattern.RawText!), s_rules.GetValueOrDefault(name, ""), declared, contentType);
            }))];

    // Route parameters filled with the sample configuration's names and the first version.
    private static string Fill(string pattern) => pattern.TrimStart('/')
        .Replace("{parent}", "web", StringComparison.Ordinal).Replace("{name}", "web", StringComparison.Ordinal)
        .Replace("{serial:int}", "1", StringComparison.Ordinal).Replace("{from:int}", "0", StringComparison.Ordinal)
        .Replace("{to:int}", "1", StringComparison.Ordinal).Replace("{id:long}", "999999", StringComparison.Ordinal);

    // A client with a token of <paramref name="owner"/>'s; an expired one is written to the store directly, as the service makes none.
    private static async Task<HttpClient> TokenClientAsync(DashboardServer server, string owner, string role, bool expired = false)
    {
        var name = $"{role}-{(expired ? "expired" : "live")}";
        if (expired)
        {
            var secret = SecretTokens.New(ApiTokens.Prefix);
            await server.Services.GetRequiredService<PiranhaNet.Web.Data.ApiTokenStore>()
                .AddAsync(owner, name, role, SecretTokens.Hash(secret), DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
            return BearerClient(server, secret);
        }
        var (created, problem) = await server.Services.GetRequiredService<ApiTokens>().CreateAsync(owner, name, role, null, CancellationToken.None);
        return BearerClient(server, created?.Secret ?? throw new InvalidOperationException(problem?.Message));
    }

    private static HttpClient BearerClient(DashboardServer server, string secret)
    {
        var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<int> RefusalsAsync(DashboardServer server) =>
        (await server.Services.GetRequiredService<PiranhaNet.Web.Data.AuditStore>()
            .ListAsync(new PiranhaNet.Web.Data.AuditStore.Filter(Outcome: PiranhaNet.Web.Data.AuditStore.Outcome.Refused, Limit: 10_000), CancellationToken.None)).Count;

    // The audit's rows of one action, newest first.
    private static Task<IReadOnlyList<PiranhaNet.Web.Data.AuditStore.Entry>> AuditedAsync(DashboardServer server, string action) =>
        server.Services.GetRequiredService<PiranhaNet.Web.Data.AuditStore>()
            .ListAsync(new PiranhaNet.Web.Data.AuditStore.Filter(Action: action, Limit: 10_000), CancellationToken.None);

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, Call call)
    {
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path);
        if (call.Method is "POST" or "PUT")
        {
            request.Content = new StringContent(call.ContentType == "application/json" ? "{}" : "serial_no = 1\n", Encoding.UTF8, call.ContentType);
        }
        // Headers only: the status stream never ends by itself, and disposing the response closes it.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}
