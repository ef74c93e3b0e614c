using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>
/// The directors as the Directors and Control / Monitoring pages have them: enrolment (the token shown once) and
/// revocation, Start/Stop for each and for the cluster, and each director's live status: the routing table as JSON and
/// as <c>ipvsadm -Ln</c> text, with stats and rates, and its real servers' health.
/// </summary>
public static class DirectorApi
{
    /// <summary>
    /// An enrolled director and what its agent last said; <paramref name="Dashboard"/> names the other dashboard on the
    /// same store that heard it, or is null when it reports to this one.
    /// </summary>
    public sealed record DirectorView(string Name, DateTimeOffset EnrolledAt, string EnrolledBy, bool DesiredRunning, string? Dataplane,
        bool Connected, DateTimeOffset? LastContact, int AppliedVersion, string? LastError, bool? Running, string? Role, string? State, string? Dashboard);

    /// <summary>A director to enrol.</summary>
    public sealed record NewDirector(string Name);

    /// <summary>A director just enrolled: its token (this once) and the agent's command line.</summary>
    public sealed record EnrolledDirector(string Name, string Token, string Command);

    /// <summary>Start/Stop for every director.</summary>
    public sealed record ClusterView(bool DesiredRunning, string ChangedBy, DateTimeOffset? ChangedAt);

    /// <summary>Maps <c>/directors</c> and <c>/cluster</c>.</summary>
    public static RouteGroupBuilder MapDirectorApi(this RouteGroupBuilder api)
    {
        var directors = api.MapGroup("/directors").WithTags("Directors");
        directors.MapGet("", List).WithName("ListDirectors")
            .WithSummary("Every enrolled director with its desired state, dataplane, connection, applied version, role and state")
            .RequireAuthorization(Roles.Viewer);
        directors.MapPost("", Enrol).WithName("EnrolDirector")
            .WithSummary("Enrol a director; its token and the agent's command line are in this response only")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireAuthorization(Roles.Admin);
        directors.MapDelete("/{name}", Revoke).WithName("RevokeDirector")
            .WithSummary("Revoke a director: its token stops working and its agent is disconnected at once")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Admin);
        directors.MapPost("/{name}/start", (string name, DirectorControl control, DirectorStore store, CancellationToken ct) => SetRunningAsync(name, true, control, store, ct))
            .WithName("StartDirector").WithSummary("Start one director (its agent applies the configuration)")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Operator);
        directors.MapPost("/{name}/stop", (string name, DirectorControl control, DirectorStore store, CancellationToken ct) => SetRunningAsync(name, false, control, store, ct))
            .WithName("StopDirector").WithSummary("Stop one director (its agent clears its table and releases its addresses)")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Operator);
        directors.MapGet("/{name}/status", Status).WithName("GetDirectorStatus")
            .WithSummary("What a director's agent last reported: the routing table with stats and rates, health, redundancy")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Viewer);
        directors.MapGet("/{name}/routing-table", RoutingTable).WithName("GetDirectorRoutingTable")
            .WithSummary("A director's routing table as ipvsadm -Ln prints it (?view=connections, stats or rates)")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Viewer);
        directors.MapGet("/{name}/health", Health).WithName("GetDirectorHealth")
            .WithSummary("Each real server's health as the director's checks see it: state, weight, why, since when")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Roles.Viewer);
        var cluster = api.MapGroup("/cluster").WithTags("Directors");
        cluster.MapGet("", Cluster).WithName("GetCluster").WithSummary("Start/Stop for every director: the desired state, who set it and when")
            .RequireAuthorization(Roles.Viewer);
        cluster.MapPost("/start", (DirectorControl control, HttpContext http, CancellationToken ct) => SetClusterAsync(true, control, http, ct))
            .WithName("StartCluster").WithSummary("Start every director").RequireAuthorization(Roles.Operator);
        cluster.MapPost("/stop", (DirectorControl control, HttpContext http, CancellationToken ct) => SetClusterAsync(false, control, http, ct))
            .WithName("StopCluster").WithSummary("Stop every director").RequireAuthorization(Roles.Operator);
        return api;
    }

    private static async Task<Ok<List<DirectorView>>> List(DirectorStore store, AgentRegistry agents, CancellationToken ct)
    {
        var views = agents.Views;
        return TypedResults.Ok((await store.ListAsync(ct)).Select(d =>
        {
            var view = views.GetValueOrDefault(d.Name);
            var redundancy = view?.Status?.Redundancy;
            return new DirectorView(d.Name, d.EnrolledAt, d.EnrolledBy, d.DesiredRunning, view?.Status?.Dataplane ?? d.Dataplane, view?.Connected ?? false,
                view?.LastContact, view?.AppliedVersion ?? 0, view?.LastError, view?.Status?.Running,
                redundancy?.Role.ToString()?.ToLowerInvariant(), redundancy?.State.ToString()?.ToLowerInvariant(), view?.Dashboard);
        }).ToList());
    }

    private static async Task<Results<Created<EnrolledDirector>, ProblemHttpResult>> Enrol(NewDirector director, DirectorEnrolment enrolment, HttpContext http,
        CancellationToken ct)
    {
        var (enrolled, problem) = await enrolment.EnrolAsync((director.Name ?? "").Trim(), Actor.Of(http.User, null).Name, ct);
        if (enrolled is null)
        {
            var exists = problem!.Contains("already enrolled", StringComparison.Ordinal);
            return Problem(exists ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity, exists ? "Already exists" : "Invalid name", problem);
        }
        http.Response.Headers.CacheControl = "no-store";   // the token must not outlive this response in any cache
        var command = DirectorEnrolment.CommandLine(new Uri($"{http.Request.Scheme}://{http.Request.Host}"), enrolled);
        return TypedResults.Created($"/api/v1/directors/{Uri.EscapeDataString(enrolled.Name)}", new EnrolledDirector(enrolled.Name, enrolled.Token, command));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string name, DirectorEnrolment enrolment, CancellationToken ct) =>
        await enrolment.RevokeAsync(name, ct) ? TypedResults.NoContent() : NotEnrolled(name);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetRunningAsync(string name, bool running, DirectorControl control, DirectorStore store,
        CancellationToken ct)
    {
        if (!(await store.ListAsync(ct)).Any(d => d.Name == name))
        {
            return NotEnrolled(name);
        }
        await control.SetDirectorRunningAsync(name, running, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ClusterView>> Cluster(DirectorStore store, CancellationToken ct)
    {
        var cluster = await store.GetClusterAsync(ct);
        return TypedResults.Ok(new ClusterView(cluster.DesiredRunning, cluster.ChangedBy, cluster.ChangedAt));
    }

    private static async Task<NoContent> SetClusterAsync(bool running, DirectorControl control, HttpContext http, CancellationToken ct)
    {
        await control.SetClusterRunningAsync(running, Actor.Of(http.User, null).Name, ct);
        return TypedResults.NoContent();
    }

    private static Results<Ok<AgentView>, ProblemHttpResult> Status(string name, AgentRegistry agents) =>
        agents.Views.GetValueOrDefault(name) is { } view ? TypedResults.Ok(view) : NoReport(name);

    private static Results<ContentHttpResult, ProblemHttpResult> RoutingTable(string name, AgentRegistry agents, string view = "connections")
    {
        if (!Enum.TryParse<RoutingTableView>(view, ignoreCase: true, out var chosen) || !Enum.IsDefined(chosen))
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad request", $"view '{view}' is not one of connections, stats, rates");
        }
        return agents.Views.GetValueOrDefault(name)?.Status is { } status
            ? TypedResults.Text(RoutingTableText.Format(status.Services, chosen), "text/plain; charset=utf-8")
            : NoReport(name);
    }

    private static Results<Ok<IReadOnlyList<RealServerHealthStatus>>, ProblemHttpResult> Health(string name, AgentRegistry agents) =>
        agents.Views.GetValueOrDefault(name)?.Status is { } status
            ? TypedResults.Ok<IReadOnlyList<RealServerHealthStatus>>([.. status.Health ?? []])
            : NoReport(name);

    private static ProblemHttpResult NotEnrolled(string name) => Problem(StatusCodes.Status404NotFound, "Not found", $"no director named '{name}' is enrolled");

    private static ProblemHttpResult NoReport(string name) =>
        Problem(StatusCodes.Status404NotFound, "Not found", $"director '{name}' has not reported since the dashboard started (not enrolled, or its agent is not connected)");

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
