using System.Text;
using Dapper;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Data;

/// <summary>Real-server state changes reported by the directors, newest first, kept for <see cref="WebOptions.EventRetentionDays"/>.</summary>
public sealed class EventStore(StoreDatabase database, TimeProvider timeProvider, WebOptions options)
{
    /// <summary>One stored event: a director's <see cref="HealthEvent"/>.</summary>
    public sealed record StoredEvent(long Id, DateTimeOffset Time, string Director, string VirtualServer, string RealServer, HealthState From, HealthState To, string Reason);

    /// <summary>What to list: every filter is optional; text filters match exactly.</summary>
    public sealed record Filter(string? Director = null, string? VirtualServer = null, string? RealServer = null, HealthState? To = null, int Limit = 500);

    /// <summary>Stores a director's events, and drops those older than the retention in the same transaction.</summary>
    public async Task AddAsync(string director, IReadOnlyList<HealthEvent> events, CancellationToken cancellationToken)
    {
        await RetainedHistory.AppendAsync(database, "events", """
            INSERT INTO events (time, director, virtual_server, real_server, from_state, to_state, reason)
            VALUES (@Time, @Director, @VirtualServer, @RealServer, @From, @To, @Reason)
            """,
            events.Select(e => new { Time = SortableTime.Text(e.Time), Director = director, e.VirtualServer, e.RealServer, From = e.From.ToString(), To = e.To.ToString(), e.Reason }),
            options.RetentionCutoff(timeProvider.GetUtcNow()), cancellationToken);
    }

    /// <summary>The newest events that pass <paramref name="filter"/>, at most its limit.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ListAsync(Filter filter, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("1 = 1");
        if (filter.Director is not null) { where.Append(" AND director = @Director"); }
        if (filter.VirtualServer is not null) { where.Append(" AND virtual_server = @VirtualServer"); }
        if (filter.RealServer is not null) { where.Append(" AND real_server = @RealServer"); }
        if (filter.To is not null) { where.Append(" AND to_state = @To"); }
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT id, time, director, virtual_server AS VirtualServer, real_server AS RealServer, from_state AS FromState, to_state AS ToState, reason " +
            $"FROM events WHERE {where} ORDER BY time DESC, id DESC LIMIT @Limit",
            new { filter.Director, filter.VirtualServer, filter.RealServer, To = filter.To?.ToString(), Limit = Math.Clamp(filter.Limit, 1, 10_000) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEvent())];
    }


    // Dapper maps columns onto settable properties; the public record stays immutable.
    private sealed class EventRow
    {
        public long Id { get; set; }
        public string Time { get; set; } = "";
        public string Director { get; set; } = "";
        public string VirtualServer { get; set; } = "";
        public string RealServer { get; set; } = "";
        public string FromState { get; set; } = "";
        public string ToState { get; set; } = "";
        public string Reason { get; set; } = "";

        public StoredEvent ToEvent() => new(Id, SortableTime.Parse(Time), Director,
            VirtualServer, RealServer, Enum.Parse<HealthState>(FromState), Enum.Parse<HealthState>(ToState), Reason);
    }
}
