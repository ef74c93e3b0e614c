using Dapper;
using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.Postgres;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Tests.Data;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Cli;

/// <summary><c>piranhanet store copy</c>: a SQLite store with rows in every table, into PostgreSQL (issue 15).</summary>
public sealed class StoreCopyCliTests : CliTestBase
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Copy_EveryTable_IntoAnEmptyDatabase_EveryVersionReadsTheSame_AndNewRowsContinue()
    {
        var file = await FilledSqliteStoreAsync();
        // Language-aware sorting, where "Bob" comes after "alice" as SQLite's byte order never has it.
        var target = await ThrowawayPostgres.NewDatabaseAsync(icuLocale: "en-US");

        var (code, output, error) = await RunAsync("store", "copy", "--from", file, "--to", target);

        Assert.True(code == 0, error);
        Assert.Contains("users                       3 rows", output);
        Assert.Contains("config_versions            31 rows", output);
        Assert.Contains("checked: every table's rows are the same in both, and version 31 reads the same", output);
        var (sqlite, postgres) = (new SqliteDatabase(file), new PostgresDatabase(target));
        await using var _ = postgres;
        var (before, after) = (new SqliteConfigRepository(sqlite, TimeProvider.System), new PostgresConfigRepository(postgres, TimeProvider.System));
        Assert.Equal(await before.ListAsync(None), await after.ListAsync(None));
        foreach (var serial in Enumerable.Range(1, 31))
        {
            Assert.Equal((await before.GetAsync(serial, None))!.Config, (await after.GetAsync(serial, None))!.Config);
        }
        var events = new EventStore(postgres, TimeProvider.System, new WebOptions());
        await events.AddAsync("lvs1", [new HealthEvent(DateTimeOffset.UtcNow, "web", "r1", HealthState.Down, HealthState.Up, "answers")], None);
        Assert.Equal([2L, 1L], (await events.ListAsync(new EventStore.Filter(), None)).Select(e => e.Id));
    }

    [Fact]
    public async Task Copy_IntoADatabaseThatHoldsRows_IsRefusedAndChangesNothing()
    {
        var file = await FilledSqliteStoreAsync();
        var target = await ThrowawayPostgres.NewDatabaseAsync();
        await using (var postgres = new PostgresDatabase(target))
        {
            await new PostgresMigrationRunner(postgres).MigrateAsync(None);
            await new UserStore(postgres, TimeProvider.System).AddFirstAdminAsync("someone", "h", None);
        }

        var (code, _, error) = await RunAsync("store", "copy", "--from", file, "--to", target);

        Assert.Equal(1, code);
        Assert.Equal("piranhanet store copy: the PostgreSQL store already holds rows in users: copy only into an empty store\n", error);
        await using var after = new PostgresDatabase(target);
        await using var connection = await after.OpenAsync(None);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM config_versions"));
    }

    [Theory]
    [InlineData("--to", "/some/file.db")]
    [InlineData("--to", "postgres://")]
    public async Task Copy_ToSomethingNotPostgres_IsAUsageError(string option, string value)
    {
        var file = await FilledSqliteStoreAsync();

        var (code, _, error) = await RunAsync("store", "copy", "--from", file, option, value);

        Assert.Equal((2, true), (code, error.StartsWith("piranhanet store copy: ", StringComparison.Ordinal)));
        Assert.DoesNotContain("--store", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_FromAFileThatIsNotThere_CreatesNothing()
    {
        var missing = Temp.File("missing.db");

        var (code, _, error) = await RunAsync("store", "copy", "--from", missing, "--to", "Host=/nonexistent;Database=x");

        Assert.Equal((2, $"piranhanet store copy: there is no SQLite store at '{missing}'; nothing copied\n"), (code, error));
        Assert.False(File.Exists(missing));
    }

    // A SQLite store with rows in every table: users and a token, a draft, directors with an operation and a move, the
    // heartbeat key, Stop pressed, 31 versions (patches and snapshots), an event, a failover and audit rows.
    private async Task<string> FilledSqliteStoreAsync()
    {
        var file = Temp.File("piranhanet.db");
        var database = new SqliteDatabase(file);
        await new MigrationRunner(database).MigrateAsync(None);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-06T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var users = new UserStore(database, time);
        await users.AddFirstAdminAsync("ada", "h0", None);
        await users.AddAsync("olga", Roles.Operator, "h1", "ada", None);
        await users.AddAsync("Bob", Roles.Viewer, "h2", "ada", None);
        await users.SetDisabledAsync("olga", true, None);
        await new ApiTokenStore(database, time).AddAsync("ada", "ci", Roles.Viewer, "hash", null, None);
        var directors = new DirectorStore(database, time);
        await directors.AddAsync("lvs1", "t1", "ada", None);
        await directors.SetDesiredRunningAsync("lvs1", false, None);
        await directors.SetClusterAsync(false, "ada", None);
        var operations = new ClusterOperationsStore(database, time);
        await operations.SetOperationAsync("lvs1", ClusterOperationsStore.Operation.Paused, "ada", None);
        await operations.SetMoveAsync("a", "lvs1", "ada", None);
        await new HeartbeatKeyStore(database, time).RotateAsync("ada", None);
        var versions = new SqliteConfigRepository(database, time);
        var serial = 0;
        foreach (var config in HistoryEdits.Of(HistoryEdits.TwoHundred(), 30))
        {
            serial = (await versions.SaveAsync(config, serial, "ada", $"edit {serial + 1}", serial > 3 ? 2 : null, None)).Serial;
        }
        await new DraftStore(database, time).SaveAsync("ada", serial, HistoryEdits.TwoHundred(), None);
        var options = new WebOptions();
        await new EventStore(database, time, options).AddAsync("lvs1", [new HealthEvent(time.GetUtcNow(), "web", "r1", HealthState.Up, HealthState.Down, "refused")], None);
        await new FailoverStore(database, time, options).RecordAsync("lvs1", [new FailoverRecord(time.GetUtcNow(), DirectorState.Standby, DirectorState.Active, "silent", "a")], None);
        await new AuditStore(database, time, options).RecordAsync(new Actor("ada", "session", "192.0.2.9"), "Apply", "version 31", AuditStore.Outcome.Ok, "", None);
        return file;
    }
}
