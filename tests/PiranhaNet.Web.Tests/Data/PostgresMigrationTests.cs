using Dapper;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.Postgres;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data;

/// <summary>
/// PostgreSQL's schema migrated from every earlier one (issue 15): a database left at each earlier migration, holding
/// what the dashboard kept at that schema, reaches the newest with its rows intact and every store working on it.
/// </summary>
public sealed class PostgresMigrationTests
{
    public static TheoryData<int> EarlierSchemas => [.. PostgresMigrationRunner.All.Select(m => m.Version).Where(v => v < PostgresMigrationRunner.All[^1].Version)];

    [Theory]
    [MemberData(nameof(EarlierSchemas))]
    public async Task Migrate_FromAnEarlierSchemaWithRows_ReachesTheNewest_AndKeepsThem(int earlier)
    {
        await using var database = new PostgresDatabase(await ThrowawayPostgres.NewDatabaseAsync());
        var runner = new PostgresMigrationRunner(database);
        await runner.MigrateAsync(earlier, CancellationToken.None);
        var versions = new PostgresConfigRepository(database, TimeProvider.System);
        var config = SampleConfigs.Direct(SampleConfigs.Web("web"));
        await versions.SaveAsync(config, basedOn: 0, "piranha", "first", restoredFrom: null, CancellationToken.None);
        // The users table came with the second schema.
        var users = new UserStore(database, TimeProvider.System);
        if (earlier >= 2)
        {
            Assert.True(await users.AddAsync("ada", "admin", "hash", "setup", CancellationToken.None));
        }

        var applied = await runner.MigrateAsync(CancellationToken.None);

        Assert.Equal(PostgresMigrationRunner.All.Select(m => m.Version).Where(v => v > earlier), applied);
        Assert.Equal(config with { SerialNo = 1 }, (await versions.GetLatestAsync(CancellationToken.None)).Config);
        Assert.Equal(earlier >= 2, await users.GetAsync("ada", CancellationToken.None) is not null);
        // What the newest schema adds works on the migrated database: a version saved on it, a user, a director's view.
        await versions.SaveAsync(config with { VirtualServers = [] }, basedOn: 1, "piranha", "second", restoredFrom: null, CancellationToken.None);
        Assert.True(await users.AddAsync("bob", "viewer", "hash", "ada", CancellationToken.None));
        await new DirectorViewStore(database).PublishAsync("instance", "label",
            [new AgentView("lvs1", true, DateTimeOffset.UtcNow, 2, null, null)], [], CancellationToken.None);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM director_views"));
    }
}
