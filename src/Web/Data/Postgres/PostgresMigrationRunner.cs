using Dapper;

namespace PiranhaNet.Web.Data.Postgres;

/// <summary>
/// Applies the numbered SQL scripts in Data/Postgres/Migrations that the database has not seen yet, each in its own
/// transaction, and records them in <c>schema_migrations</c>. Several dashboards may start on one database at once:
/// a session advisory lock lets one migrate while the others wait, and they then find nothing left to do.
/// </summary>
public sealed class PostgresMigrationRunner(PostgresDatabase database) : IStoreMigrations
{
    private const long MigrationLock = 0x5049_524E_0000;

    /// <summary>Every migration shipped with this build, in version order.</summary>
    public static IReadOnlyList<Migration> All { get; } = MigrationScripts.Load("Data.Postgres.Migrations");

    /// <summary>Brings the database up to the newest version; returns the versions applied now.</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies migrations up to and including <paramref name="targetVersion"/> (tests build older databases this way).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(int targetVersion, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@MigrationLock)", new { MigrationLock }, cancellationToken: cancellationToken));
        try
        {
            var done = await MigrationScripts.AppliedAsync(connection, cancellationToken);
            var (newlyApplied, _) = await MigrationScripts.ApplyAsync(connection, All.Where(m => m.Version <= targetVersion && !done.Contains(m.Version)), step: null, cancellationToken);
            return newlyApplied;
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@MigrationLock)", new { MigrationLock });
        }
    }
}
