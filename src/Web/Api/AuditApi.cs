using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>The audit trail: who changed what, when, from where, and how it ended.</summary>
public static class AuditApi
{
    /// <summary>One audit row as the API gives it.</summary>
    public sealed record AuditRow(long Id, DateTimeOffset Time, string Actor, string Via, string Address, string Action, string Target, string Outcome, string Detail);

    /// <summary>Maps <c>GET /audit</c>.</summary>
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", List).WithTags("Audit").WithName("ListAudit")
            .WithSummary("Who changed what, newest first: versions, Start/Stop, make active, keys, directors, users, tokens, and refused attempts; " +
                "filter by actor, action, outcome (ok, refused, failed), since (ISO 8601), limit")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(Roles.Viewer);
        return api;
    }

    private static async Task<Results<Ok<List<AuditRow>>, ProblemHttpResult>> List(AuditStore audit, CancellationToken ct,
        string? actor = null, string? action = null, string? outcome = null, string? since = null, int limit = 500)
    {
        AuditStore.Outcome? parsedOutcome = null;
        if (outcome is not null)
        {
            if (!Enum.TryParse<AuditStore.Outcome>(outcome, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Bad($"outcome '{outcome}' is not one of ok, refused, failed");
            }
            parsedOutcome = parsed;
        }
        DateTimeOffset? parsedSince = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return Bad($"since '{since}' is not an ISO 8601 time such as 2026-12-06T10:00:00Z");
            }
            parsedSince = at;
        }
        var rows = await audit.ListAsync(new AuditStore.Filter(actor, action, parsedOutcome, parsedSince, limit), ct);
        return TypedResults.Ok(rows.Select(r => new AuditRow(r.Id, r.Time, r.Actor.Name, r.Actor.Via, r.Actor.Address, r.Action, r.Target,
            AuditStore.Text(r.Outcome), r.Detail)).ToList());
    }

    private static ProblemHttpResult Bad(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
}
