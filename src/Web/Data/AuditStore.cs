using System.Text;
using Dapper;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Data;

/// <summary>The audit trail, newest first, kept for <see cref="WebOptions.EventRetentionDays"/> like the events.</summary>
public sealed class AuditStore(StoreDatabase database, TimeProvider timeProvider, WebOptions options)
{
    /// <summary>How an audited action ended.</summary>
    public enum Outcome { Ok, Refused, Failed }

    /// <summary>One audit row.</summary>
    /// <param name="Id">Its number, increasing.</param>
    /// <param name="Time">When.</param>
    /// <param name="Actor">Who (see <see cref="Security.Actor"/>).</param>
    /// <param name="Action">One of <see cref="AuditActions"/>, or an API operation's name.</param>
    /// <param name="Target">What it acted on.</param>
    /// <param name="Outcome">Done, refused (the role did not allow it) or failed.</param>
    /// <param name="Detail">What was made, or why not.</param>
    public sealed record Entry(long Id, DateTimeOffset Time, Actor Actor, string Action, string Target, Outcome Outcome, string Detail);

    /// <summary>What to list: every filter is optional and matches exactly; <paramref name="Since"/> keeps newer rows only.</summary>
    public sealed record Filter(string? Actor = null, string? Action = null, Outcome? Outcome = null, DateTimeOffset? Since = null, int Limit = 500);

    /// <summary>Records one action now, and drops rows older than the retention in the same transaction.</summary>
    public Task RecordAsync(Actor actor, string action, string target, Outcome outcome, string detail, CancellationToken cancellationToken) =>
        RetainedHistory.AppendAsync(database, "audit", """
            INSERT INTO audit (time, actor, via, address, action, target, outcome, detail)
            VALUES (@Time, @Name, @Via, @Address, @Action, @Target, @Outcome, @Detail)
            """,
            [new { Time = SortableTime.Text(timeProvider.GetUtcNow()), actor.Name, actor.Via, actor.Address, Action = action, Target = target, Outcome = Text(outcome), Detail = detail }],
            options.RetentionCutoff(timeProvider.GetUtcNow()), cancellationToken);

    /// <summary>The newest rows that pass <paramref name="filter"/>, at most its limit.</summary>
    public async Task<IReadOnlyList<Entry>> ListAsync(Filter filter, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("1 = 1");
        if (filter.Actor is not null) { where.Append(" AND actor = @Actor"); }
        if (filter.Action is not null) { where.Append(" AND action = @Action"); }
        if (filter.Outcome is not null) { where.Append(" AND outcome = @Outcome"); }
        if (filter.Since is not null) { where.Append(" AND time >= @Since"); }
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(
            new CommandDefinition($"SELECT id, time, actor, via, address, action, target, outcome, detail FROM audit WHERE {where} ORDER BY time DESC, id DESC LIMIT @Limit",
                new
                {
                    filter.Actor, filter.Action, Outcome = filter.Outcome is { } o ? Text(o) : null,
                    Since = filter.Since is { } since ? SortableTime.Text(since) : null, Limit = Math.Clamp(filter.Limit, 1, 10_000),
                },
                cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Entry(r.Id, SortableTime.Parse(r.Time), new Actor(r.Actor, r.Via, r.Address), r.Action, r.Target,
            Enum.Parse<Outcome>(r.Outcome, ignoreCase: true), r.Detail))];
    }

    // Dapper maps columns onto settable properties; the public record stays immutable.
    private sealed class AuditRow
    {
        public long Id { get; set; }
        public string Time { get; set; } = "";
        public string Actor { get; set; } = "";
        public string Via { get; set; } = "";
        public string Address { get; set; } = "";
        public string Action { get; set; } = "";
        public string Target { get; set; } = "";
        public string Outcome { get; set; } = "";
        public string Detail { get; set; } = "";
    }

    /// <summary>The stored (and API) spelling of an outcome: ok, refused, failed.</summary>
    public static string Text(Outcome outcome) => outcome.ToString().ToLowerInvariant();
}
