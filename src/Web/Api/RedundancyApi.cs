using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>The director pair: roles and states as reported, the heartbeat key's rotation, Make active.</summary>
public static class RedundancyApi
{
    /// <summary>The pair and the dashboard's key fingerprint.</summary>
    public sealed record PairResponse(string? KeyFingerprint, DirectorPair Pair);

    /// <summary>A new key, in the only response that ever carries it.</summary>
    public sealed record RotatedKey(string Key, string Fingerprint);

    /// <summary>Maps <c>GET /redundancy/pair</c>, <c>GET /failovers</c>, <c>POST /redundancy/heartbeat-key</c> and <c>POST /directors/{name}/make-active</c>.</summary>
    public static RouteGroupBuilder MapRedundancyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/redundancy/pair", Get).WithTags("Redundancy").WithName("GetDirectorPair")
            .WithSummary("Each director's role, state, heartbeat paths and last failovers, with warnings such as split brain").RequireAuthorization(Roles.Viewer);
        api.MapGet("/failovers", Failovers).WithTags("Redundancy").WithName("ListFailovers")
            .WithSummary("Directors changing state (active, standby, stopped, fault) with the reason, newest first; filter by director, limit").RequireAuthorization(Roles.Viewer);
        api.MapPost("/redundancy/heartbeat-key", Rotate).WithTags("Redundancy").WithName("RotateHeartbeatKey")
            .WithSummary("Generates a new heartbeat key, sends it to the connected directors and returns it this once").RequireAuthorization(Roles.Admin);
        api.MapPost("/directors/{name}/make-active", MakeActive).WithTags("Redundancy").WithName("MakeDirectorActive")
            .WithSummary("Makes a director active whatever its role; the other one stands by until made active in turn")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Roles.Operator);
        return api;
    }

    private static async Task<Ok<PairResponse>> Get(AgentRegistry agents, HeartbeatKeyStore keys, FailoverStore failovers, CancellationToken ct)
    {
        var fingerprint = (await keys.GetInfoAsync(ct))?.Fingerprint;
        var history = await failovers.ListAsync(null, DirectorPair.MaxFailovers, ct);
        return TypedResults.Ok(new PairResponse(fingerprint, DirectorPair.From(agents.Views.Values, fingerprint, history)));
    }

    private static async Task<Ok<IReadOnlyList<FailoverStore.StoredFailover>>> Failovers(FailoverStore failovers, CancellationToken ct,
        string? director = null, int limit = 100) =>
        TypedResults.Ok(await failovers.ListAsync(director, limit, ct));

    private static async Task<Ok<RotatedKey>> Rotate(RedundancyControl control, HttpContext http, CancellationToken ct)
    {
        var key = await control.RotateKeyAsync(ApiAuthor.Of(http), ct);
        http.Response.Headers.CacheControl = "no-store";   // the key must not outlive this response in any cache
        return TypedResults.Ok(new RotatedKey(key, Core.Redundancy.HeartbeatKey.Fingerprint(key)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MakeActive(string name, RedundancyControl control, HttpContext http, CancellationToken ct) =>
        await control.MakeActiveAsync(name, ApiAuthor.Of(http), ct) is { } why
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not made active", detail: why)
            : TypedResults.NoContent();
}
