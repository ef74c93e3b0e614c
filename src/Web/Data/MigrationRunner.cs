using Dapper;
using Microsoft.Data.Sqlite;
using PiranhaNet.Web.Data.History;

namespace PiranhaNet.Web.Data;

/// <summary>
/// Applies the numbered SQL scripts in Data/Migrations (embedded as resources) that the database has not
/// seen yet, each in its own transaction, and records them in <c>schema_migrations</c>. A conversion that SQL cannot
/// express runs as a C# step after the script of its number, in the same transaction.
/// </summary>
public sealed class MigrationRunner(SqliteDatabase database) : IStoreMigrations
{
    // The C# steps by migration number. Each rewrites rows, so the file is vacuumed once after them to give the space back.
    private static readonly Dictionary<int, Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<int>>> s_codeSteps = new()
    {
        [16] = PatchHistoryMigration.RunAsync,
    };

    /// <summary>Every migration shipped with this build, in version order.</summary>
    public static IReadOnlyList<Migration> All { get; } = MigrationScripts.Load("Data.Migrations");

    /// <summary>Brings the database up to the newest version; returns the versions applied now.</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies migrations up to and including <paramref name="targetVersion"/> (tests build older databases this way).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(int targetVersion, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenSqliteAsync(cancellationToken);
        // WAL is a property of the file: set once, it stays for every later connection.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL)
            """);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
        var newlyApplied = new List<int>();
        var rewritten = 0;
        foreach (var migration in All.Where(m => m.Version <= targetVersion && !applied.Contains(m.Version)))
        {
            await using var transaction = connection.BeginTransaction();
            await connection.ExecuteAsync(migration.Sql, transaction: transaction);
            if (s_codeSteps.TryGetValue(migration.Version, out var step))
            {
                rewritten += await step(connection, transaction, cancellationToken);
            }
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToString("O") }, transaction);
            await transaction.CommitAsync(cancellationToken);
            newlyApplied.Add(migration.Version);
        }
        if (rewritten > 0)
        {
            // In WAL mode the rewritten file goes through the log; the checkpoint puts it in place and truncates both.
            await connection.ExecuteAsync("VACUUM");
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return newlyApplied;
    }
}
