using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>Real-server state changes reported by the directors.</summary>
public static class EventApi
{
    /// <summary>Maps <c>GET /events</c>.</summary>
    public static RouteGroupBuilder MapEventApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", List).WithTags("Events").WithName("ListEvents")
            .WithSummary("Real servers changing state, newest first; filter by director, virtualServer, realServer, state (the new one), limit")
            .ProducesProblem(StatusCodes.Status400BadRequest).RequireAuthorization(Roles.Viewer);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<EventStore.StoredEvent>>, ProblemHttpResult>> List(EventStore events, CancellationToken ct,
        string? director = null, string? virtualServer = null, string? realServer = null, string? state = null, int limit = 500)
    {
        HealthState? to = null;
        if (state is not null)
        {
            if (!Enum.TryParse<HealthState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"state '{state}' is not one of {string.Join(", ", Enum.GetNames<HealthState>().Select(n => n.ToLowerInvariant()))}");
            }
            to = parsed;
        }
        return TypedResults.Ok(await events.ListAsync(new EventStore.Filter(director, virtualServer, realServer, to, limit), ct));
    }
}
