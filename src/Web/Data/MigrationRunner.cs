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
        var done = await MigrationScripts.AppliedAsync(connection, cancellationToken);
        var (newlyApplied, rewritten) = await MigrationScripts.ApplyAsync(connection, All.Where(m => m.Version <= targetVersion && !done.Contains(m.Version)),
            async (version, open, transaction, token) => s_codeSteps.TryGetValue(version, out var step)
                ? await step((SqliteConnection)open, (SqliteTransaction)transaction, token)
                : 0,
            cancellationToken);
        if (rewritten > 0)
        {
            // In WAL mode the rewritten file goes through the log; the checkpoint puts it in place and truncates both.
            await connection.ExecuteAsync("VACUUM");
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return newlyApplied;
    }
}
