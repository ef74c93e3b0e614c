using System.Globalization;
using Dapper;

namespace PiranhaNet.Web.Data;

/// <summary>Enrolled directors and the desired run state of each and of the whole cluster.</summary>
public sealed class DirectorStore(StoreDatabase database, TimeProvider timeProvider)
{
    /// <summary>An enrolled director; <paramref name="Dataplane"/> is what its agent last said it runs (null before it connected).</summary>
    public sealed record Director(string Name, DateTimeOffset EnrolledAt, string EnrolledBy, bool DesiredRunning, string? Dataplane = null);

    /// <summary>Whether the cluster should run, and who said so last.</summary>
    public sealed record ClusterControl(bool DesiredRunning, string ChangedBy, DateTimeOffset? ChangedAt);

    /// <summary>Every enrolled director by name.</summary>
    public Task<IReadOnlyList<Director>> ListAsync(CancellationToken cancellationToken) => ListWhereAsync("1 = 1", new { }, cancellationToken);

    /// <summary>Enrols a director with the hash of its token; false when the name is taken.</summary>
    public async Task<bool> AddAsync(string name, string tokenHash, string enrolledBy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO directors (name, token_hash, enrolled_at, enrolled_by) VALUES (@name, @tokenHash, @at, @enrolledBy) ON CONFLICT DO NOTHING",
            new { name, tokenHash, at = Now(), enrolledBy }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Revokes a director: its token stops working. False when there was no such director.</summary>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM directors WHERE name = @name", new { name }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The director of this name, or null.</summary>
    public async Task<Director?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await ListWhereAsync("name = @name", new { name }, cancellationToken)).SingleOrDefault();

    /// <summary>The director whose token has this hash, or null.</summary>
    public async Task<Director?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        (await ListWhereAsync("token_hash = @tokenHash", new { tokenHash }, cancellationToken)).SingleOrDefault();

    /// <summary>Sets whether one director should run (Start/Stop per director).</summary>
    public async Task<bool> SetDesiredRunningAsync(string name, bool running, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE directors SET desired_running = @running WHERE name = @name", new { name, running }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records the dataplane a director's agent runs; false when there is no such director.</summary>
    public async Task<bool> SetDataplaneAsync(string name, string dataplane, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE directors SET dataplane = @dataplane WHERE name = @name", new { name, dataplane }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Whether the cluster should run; running until someone presses Stop.</summary>
    public async Task<ClusterControl> GetClusterAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(bool DesiredRunning, string ChangedBy, string ChangedAt)?>(new CommandDefinition(
            "SELECT desired_running, changed_by, changed_at FROM cluster_control WHERE id = 1", cancellationToken: cancellationToken));
        return row is { } r ? new ClusterControl(r.DesiredRunning, r.ChangedBy, Parse(r.ChangedAt)) : new ClusterControl(true, "", null);
    }

    /// <summary>Start or Stop for the whole cluster.</summary>
    public async Task SetClusterAsync(bool running, string changedBy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO cluster_control (id, desired_running, changed_by, changed_at) VALUES (1, @running, @changedBy, @at)
            ON CONFLICT (id) DO UPDATE SET desired_running = excluded.desired_running, changed_by = excluded.changed_by, changed_at = excluded.changed_at
            """, new { running, changedBy, at = Now() }, cancellationToken: cancellationToken));
    }

    private async Task<IReadOnlyList<Director>> ListWhereAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, string EnrolledAt, string EnrolledBy, bool DesiredRunning, string? Dataplane)>(new CommandDefinition(
            $"SELECT name, enrolled_at, enrolled_by, desired_running, dataplane FROM directors WHERE {where} ORDER BY name", parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Director(r.Name, Parse(r.EnrolledAt), r.EnrolledBy, r.DesiredRunning, r.Dataplane))];
    }

    private string Now() => timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
