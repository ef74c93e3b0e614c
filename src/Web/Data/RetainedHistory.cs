using Dapper;

namespace PiranhaNet.Web.Data;

/// <summary>
/// The one way history tables (events, failovers) are written: the new rows and the removal of rows older than the
/// retention (<see cref="WebOptions.EventRetentionDays"/>) in one transaction, so the tables stay bounded without a
/// sweeper and a reader never sees rows that the retention has already given up.
/// </summary>
internal static class RetainedHistory
{
    /// <summary>
    /// Inserts <paramref name="rows"/> with <paramref name="insert"/> and drops the rows of <paramref name="table"/>
    /// whose <c>time</c> is before <paramref name="cutoff"/>. <paramref name="table"/> is one of the store's own table
    /// names, never input.
    /// </summary>
    public static async Task AppendAsync(StoreDatabase database, string table, string insert, IEnumerable<object> rows,
        DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(new CommandDefinition(insert, rows, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE time < @cutoff",
            new { cutoff = SortableTime.Text(cutoff) }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
