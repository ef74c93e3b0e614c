using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Api;

/// <summary>
/// <c>GET /status/stream</c>: the directors' live status as Server-Sent Events, for automation that watches rather than
/// polls (<c>curl -N -H "Authorization: Bearer $TOKEN" .../api/v1/status/stream?director=lvs1</c>). First one
/// <c>status</c> event per director as it is now, then one per change (at most four a second per director, the latest
/// state always last); <c>disconnected</c> when a director's report is gone (revoked). Each event's data is the JSON of
/// <c>GET /directors/{name}/status</c>; its id is the director's name.
/// </summary>
public static class StatusStreamApi
{
    // As the pages: a director reporting every second is sent at once, a burst is thinned to the latest state.
    private static readonly TimeSpan s_spacing = TimeSpan.FromMilliseconds(250);

    /// <summary>Maps <c>GET /status/stream</c>.</summary>
    public static RouteGroupBuilder MapStatusStreamApi(this RouteGroupBuilder api)
    {
        api.MapGet("/status/stream", (AgentRegistry agents, TimeProvider time, HttpContext http, string? director = null) =>
            {
                // Proxies (nginx) must pass each event on as it comes.
                http.Response.Headers["X-Accel-Buffering"] = "no";
                return TypedResults.ServerSentEvents(EventsAsync(agents, time, director, http.Response, http.RequestAborted));
            })
            .WithTags("Directors").WithName("StreamStatus")
            .WithSummary("Server-Sent Events of the directors' status: the current one, then each change (?director= for one)")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").RequireAuthorization(Roles.Viewer);
        return api;
    }

    private static async IAsyncEnumerable<SseItem<AgentView?>> EventsAsync(AgentRegistry agents, TimeProvider time, string? director,
        HttpResponse response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The headers now (the result has set them before it reads the first event): a client of a quiet cluster, with
        // no director to report, knows at once that it is connected.
        await response.Body.FlushAsync(cancellationToken);
        using var subscription = agents.Subscribe();
        foreach (var view in subscription.Snapshot.Values.Where(v => director is null || v.Name == director).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            yield return Event(view.Name, view);
        }
        await using var reader = subscription.ReadAllAsync(s_spacing, time, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await NextAsync(reader))
        {
            foreach (var change in reader.Current.Where(c => director is null || c.Key == director))
            {
                yield return Event(change.Key, change.Value);
            }
        }
    }

    // The stream ends when the client goes (the request is aborted), which the feed reports by cancelling.
    private static async Task<bool> NextAsync(IAsyncEnumerator<IReadOnlyList<Core.Concurrency.KeyedChange<string, AgentView>>> reader)
    {
        try
        {
            return await reader.MoveNextAsync();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static SseItem<AgentView?> Event(string name, AgentView? view) =>
        new(view, view is null ? "disconnected" : "status") { EventId = name };
}
