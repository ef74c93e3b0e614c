using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>
/// The cluster of failover groups: its view (groups, directors, quorum, warnings) and the operator's operations:
/// pause, resume and drain a director, move a group to a director and clear the move.
/// </summary>
public static class ClusterApi
{
    /// <summary>Where to move a group: a director's name in the configuration.</summary>
    public sealed record GroupMoveRequest(string Director);

    /// <summary>
    /// Maps <c>GET /redundancy/cluster</c>, <c>POST /directors/{name}/pause</c>, <c>.../resume</c>, <c>.../drain</c>,
    /// <c>POST /groups/{name}/move</c> and <c>DELETE /groups/{name}/move</c>.
    /// </summary>
    public static RouteGroupBuilder MapClusterApi(this RouteGroupBuilder api)
    {
        api.MapGet("/redundancy/cluster", Get).WithTags("Redundancy").WithName("GetClusterGroups")
            .WithSummary("Each failover group with its members, who holds it and why, and the operator's move; each director's condition, quorum, holdings and paths; warnings")
            .RequireAuthorization(Roles.Viewer);
        api.MapPost("/directors/{name}/pause", (string name, ClusterOperations operations, HttpContext http, CancellationToken ct) =>
                SetAsync(name, ClusterOperationsStore.Operation.Paused, operations, http, ct)).WithTags("Redundancy").WithName("PauseDirector")
            .WithSummary("Pauses a director of a cluster: it keeps the groups it holds and takes on nothing new")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Roles.Operator);
        api.MapPost("/directors/{name}/resume", (string name, ClusterOperations operations, HttpContext http, CancellationToken ct) =>
                SetAsync(name, null, operations, http, ct)).WithTags("Redundancy").WithName("ResumeDirector")
            .WithSummary("Brings a paused or draining director back online; resuming moves nothing by itself")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Roles.Operator);
        api.MapPost("/directors/{name}/drain", (string name, ClusterOperations operations, HttpContext http, CancellationToken ct) =>
                SetAsync(name, ClusterOperationsStore.Operation.Draining, operations, http, ct)).WithTags("Redundancy").WithName("DrainDirector")
            .WithSummary("Drains a director: every group it holds moves to the next preferred director (which takes it before this one lets go), then it pauses")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Roles.Operator);
        api.MapPost("/groups/{name}/move", Move).WithTags("Redundancy").WithName("MoveGroup")
            .WithSummary("Moves a failover group to one of its directors, which takes it before the current one lets go; it stays there until the move is cleared")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Roles.Operator);
        api.MapDelete("/groups/{name}/move", ClearMove).WithTags("Redundancy").WithName("ClearGroupMove")
            .WithSummary("Clears a group's move: its members' priorities and failback decide again")
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(Roles.Operator);
        return api;
    }

    private static async Task<Ok<ClusterView>> Get(AgentRegistry agents, IConfigRepository versions, ClusterOperationsStore operations, HeartbeatKeyStore keys,
        CancellationToken ct) =>
        TypedResults.Ok(ClusterView.From((await versions.GetLatestAsync(ct)).Config, agents.Views.Values, await operations.ListOperationsAsync(ct),
            await operations.ListMovesAsync(ct), (await keys.GetInfoAsync(ct))?.Fingerprint));

    private static async Task<Results<NoContent, ProblemHttpResult>> SetAsync(string name, ClusterOperationsStore.Operation? operation, ClusterOperations operations,
        HttpContext http, CancellationToken ct) =>
        Answer(await operations.SetDirectorAsync(name, operation, ApiAuthor.Of(http), ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> Move(string name, GroupMoveRequest move, ClusterOperations operations, HttpContext http,
        CancellationToken ct) =>
        Answer(await operations.MoveAsync(name, move.Director, ApiAuthor.Of(http), ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> ClearMove(string name, ClusterOperations operations, HttpContext http, CancellationToken ct) =>
        Answer(await operations.MoveAsync(name, null, ApiAuthor.Of(http), ct));

    private static Results<NoContent, ProblemHttpResult> Answer(string? refusal) => refusal is null
        ? TypedResults.NoContent()
        : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not done", detail: refusal);
}
