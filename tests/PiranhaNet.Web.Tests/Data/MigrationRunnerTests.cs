using Dapper;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data;

public class MigrationRunnerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesEveryScriptInWalMode()
    {
        var database = new SqliteDatabase(_directory.File("new.db"));

        var applied = await new MigrationRunner(database).MigrateAsync(CancellationToken.None);

        Assert.Equal(MigrationRunner.All.Select(m => m.Version), applied);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(applied, await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version"));
    }

    [Fact]
    public async Task Migrate_SecondRun_AppliesNothing()
    {
        var runner = new MigrationRunner(new SqliteDatabase(_directory.File("twice.db")));
        await runner.MigrateAsync(CancellationToken.None);

        Assert.Empty(await runner.MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Migrate_PreviousVersionDatabaseWithData_UpgradesAndBackfills()
    {
        // A database as version 1 of the schema left it, with one stored configuration.
        var database = new SqliteDatabase(_directory.File("old.db"));
        var runner = new MigrationRunner(database);
        await runner.MigrateAsync(targetVersion: 1, CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("""
                INSERT INTO config_versions (serial, author, created_at, summary, document)
                VALUES (1, 'piranha', '2026-01-01T00:00:00.0000000+00:00', 'from version 1',
                        '{"virtualServers":[{"name":"a","realServers":[{"name":"r1"},{"name":"r2"}]},{"name":"b","realServers":[{"name":"r1"}]}]}')
                """);
        }

        var applied = await runner.MigrateAsync(CancellationToken.None);

        Assert.Equal(MigrationRunner.All.Select(m => m.Version).Where(v => v > 1), applied);
        var info = Assert.Single(await new SqliteConfigRepository(database, TimeProvider.System).ListAsync(CancellationToken.None));
        Assert.Equal((1, "piranha", 2, 3, (int?)null), (info.Serial, info.Author, info.VirtualServerCount, info.RealServerCount, info.RestoredFrom));
    }

    [Fact]
    public async Task Migrate_OneAdministratorSchema_KeepsItAsTheFirstAdminWithItsPassword()
    {
        // The schema before users (migration 9): one administrator row.
        var database = new SqliteDatabase(_directory.File("admin.db"));
        var runner = new MigrationRunner(database);
        await runner.MigrateAsync(targetVersion: 9, CancellationToken.None);
        var hash = new PiranhaNet.Web.Security.PasswordHasher(1_000).Hash("the old password");
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO admin_account (id, user_name, password_hash, changed_at) VALUES (1, 'lvsadmin', @hash, '2026-01-02T03:04:05.0000000+00:00')",
                new { hash });
        }

        await runner.MigrateAsync(CancellationToken.None);

        var user = Assert.Single(await new UserStore(database, TimeProvider.System).ListAsync(CancellationToken.None));
        Assert.Equal(("lvsadmin", "admin", hash, false), (user.Name, user.Role, user.PasswordHash, user.Disabled));
        Assert.Equal(DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture), user.PasswordChangedAt);
    }

    [Fact]
    public async Task Migrate_SharedDraft_BecomesTheDraftOfWhoeverEditedItLast()
    {
        var database = new SqliteDatabase(_directory.File("draft.db"));
        var runner = new MigrationRunner(database);
        await runner.MigrateAsync(targetVersion: 12, CancellationToken.None);
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("""
                INSERT INTO users (name, role, password_hash, password_changed_at, created_at, created_by)
                VALUES ('ada', 'admin', 'h', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'setup'),
                       ('olga', 'operator', 'h', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'ada');
                INSERT INTO draft (id, base_serial, document, updated_by, updated_at) VALUES (1, 3, '{}', 'olga', '2026-01-03T00:00:00.0000000+00:00');
                """);
        }

        await runner.MigrateAsync(CancellationToken.None);

        await using var migrated = await database.OpenAsync(CancellationToken.None);
        Assert.Equal([("olga", 3L)], await migrated.QueryAsync<(string, long)>("SELECT owner, base_serial FROM drafts"));
    }
}
