using System.Collections.Concurrent;
using Dapper;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Data;

/// <summary>
/// The directors' state changes (failovers), and in a cluster each group a director took or gave up, durable: an agent keeps only its last few in memory and repeats
/// them in its reports; each is stored once and kept for <see cref="WebOptions.EventRetentionDays"/>. Singleton:
/// it remembers the newest stored change per director, so a report with nothing new costs no write.
/// </summary>
public sealed class FailoverStore(StoreDatabase database, TimeProvider timeProvider, WebOptions options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _newest = new(StringComparer.Ordinal);
    /// <summary>One stored change.</summary>
    public sealed record StoredFailover(DateTimeOffset Time, string Director, DirectorState From, DirectorState To, string Reason, string? Group = null);

    /// <summary>Stores the changes of <paramref name="director"/> not stored yet, and drops those past the retention; returns the new ones.</summary>
    public async Task<IReadOnlyList<FailoverRecord>> RecordAsync(string director, IReadOnlyList<FailoverRecord> changes, CancellationToken cancellationToken)
    {
        var known = _newest.TryGetValue(director, out var newest);
        var fresh = changes.Where(c => !known || c.At > newest).ToList();
        if (fresh.Count == 0)
        {
            return fresh;
        }
        await RetainedHistory.AppendAsync(database, "failovers", """
            INSERT INTO failovers (time, director, from_state, to_state, reason, failover_group) VALUES (@Time, @Director, @From, @To, @Reason, @Group)
            ON CONFLICT DO NOTHING
            """,
            fresh.Select(c => new { Time = SortableTime.Text(c.At), Director = director, From = c.From.ToString(), To = c.To.ToString(), c.Reason, c.Group }),
            options.RetentionCutoff(timeProvider.GetUtcNow()), cancellationToken);
        _newest[director] = fresh.Max(c => c.At);
        return fresh;
    }

    /// <summary>The newest changes, of one director or all, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<StoredFailover>> ListAsync(string? director, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Time, string Director, string FromState, string ToState, string Reason, string? Group)>(new CommandDefinition(
            "SELECT time, director, from_state, to_state, reason, failover_group FROM failovers WHERE @director IS NULL OR director = @director ORDER BY time DESC, id DESC LIMIT @limit",
            new { director, limit = Math.Clamp(limit, 1, 10_000) }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new StoredFailover(SortableTime.Parse(r.Time), r.Director,
            Enum.Parse<DirectorState>(r.FromState), Enum.Parse<DirectorState>(r.ToState), r.Reason, r.Group))];
    }

}
