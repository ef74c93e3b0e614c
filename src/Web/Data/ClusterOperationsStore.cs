using System.Globalization;
using Dapper;

namespace PiranhaNet.Web.Data;

/// <summary>
/// The operator's say in a cluster: which directors are paused or draining (by enrolled name), and which failover
/// groups were moved to which director (by configuration name), each with who did it and when.
/// </summary>
public sealed class ClusterOperationsStore(StoreDatabase database, TimeProvider timeProvider)
{
    /// <summary>What the operator asked of one director.</summary>
    public enum Operation
    {
        /// <summary>Keeps what it holds, takes on nothing new.</summary>
        Paused,

        /// <summary>Hands every group to the next preferred director, then pauses.</summary>
        Draining,
    }

    /// <summary>A director paused or draining.</summary>
    public sealed record DirectorOperation(string Director, Operation Operation, string ChangedBy, DateTimeOffset ChangedAt);

    /// <summary>A group moved to a director.</summary>
    public sealed record Move(string Group, string Director, string MovedBy, DateTimeOffset MovedAt);

    /// <summary>Every paused or draining director.</summary>
    public async Task<IReadOnlyList<DirectorOperation>> ListOperationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Director, string Operation, string ChangedBy, string ChangedAt)>(new CommandDefinition(
            "SELECT director, operation, changed_by, changed_at FROM director_operations ORDER BY director", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DirectorOperation(r.Director, r.Operation == "draining" ? Operation.Draining : Operation.Paused, r.ChangedBy, Parse(r.ChangedAt)))];
    }

    /// <summary>Pauses or drains <paramref name="director"/> (null: back online); false when there is no such enrolled director.</summary>
    public async Task<bool> SetOperationAsync(string director, Operation? operation, string changedBy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (operation is not { } set)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM director_operations WHERE director = @director", new { director },
                cancellationToken: cancellationToken));
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM directors WHERE name = @director", new { director },
                cancellationToken: cancellationToken)) == 1;
        }
        // One statement: a director revoked meanwhile gets no row.
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO director_operations (director, operation, changed_by, changed_at)
            SELECT name, @operation, @changedBy, @at FROM directors WHERE name = @director
            ON CONFLICT (director) DO UPDATE SET operation = excluded.operation, changed_by = excluded.changed_by, changed_at = excluded.changed_at
            """, new { director, operation = set == Operation.Draining ? "draining" : "paused", changedBy, at = Now() }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Every group moved by the operator.</summary>
    public async Task<IReadOnlyList<Move>> ListMovesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Group, string Director, string MovedBy, string MovedAt)>(new CommandDefinition(
            "SELECT group_name, director, moved_by, moved_at FROM group_moves ORDER BY group_name", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Move(r.Group, r.Director, r.MovedBy, Parse(r.MovedAt)))];
    }

    /// <summary>Moves <paramref name="group"/> to <paramref name="director"/>, or clears its move (null); false when clearing a group that was not moved.</summary>
    public async Task<bool> SetMoveAsync(string group, string? director, string movedBy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(director is null
            ? "DELETE FROM group_moves WHERE group_name = @group"
            : """
              INSERT INTO group_moves (group_name, director, moved_by, moved_at) VALUES (@group, @director, @movedBy, @at)
              ON CONFLICT (group_name) DO UPDATE SET director = excluded.director, moved_by = excluded.moved_by, moved_at = excluded.moved_at
              """, new { group, director, movedBy, at = Now() }, cancellationToken: cancellationToken)) == 1;
    }

    private string Now() => timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
