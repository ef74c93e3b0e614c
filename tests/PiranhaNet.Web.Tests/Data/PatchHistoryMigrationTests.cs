using Dapper;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Tests.Data.Contract;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data;

/// <summary>Migration 16: a SQLite history stored whole becomes patches (issue 15); the stores' contract tests cover saving them.</summary>
public class PatchHistoryMigrationTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Migrate_AHistoryStoredWhole_BecomesPatches_AndEveryVersionLoadsAsBefore()
    {
        var database = new SqliteDatabase(_directory.File("whole.db"));
        var runner = new MigrationRunner(database);
        await runner.MigrateAsync(targetVersion: 15, None);
        var versions = HistoryEdits.Of(HistoryEdits.TwoHundred(), 20).Select((config, i) => config with { SerialNo = i + 1 }).ToList();
        await using (var connection = await database.OpenAsync(None))
        {
            // As the store wrote every version before migration 16: the whole configuration.
            foreach (var config in versions)
            {
                await connection.ExecuteAsync("""
                    INSERT INTO config_versions (serial, author, created_at, summary, document, virtual_server_count, real_server_count)
                    VALUES (@SerialNo, 'old', '2026-01-01T00:00:00.0000000+00:00', 'whole', @document, 0, 0)
                    """, new { config.SerialNo, document = PiranhaJson.Serialize(config) });
            }
        }
        var before = FileAndLogBytes(database);

        await runner.MigrateAsync(None);

        var kinds = await StoredKindsAsync(database);
        await using (var connection = await database.OpenAsync(None))
        {
            // Migration 17 keeps each document's size beside it.
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM config_versions WHERE document_bytes <> length(CAST(document AS BLOB))"));
        }
        Assert.Equal(versions.Count, kinds.Count);
        Assert.Null(kinds[0].PatchOf);
        Assert.True(kinds.Count(k => k.PatchOf is not null) >= 15, string.Join(", ", kinds));
        var repository = new SqliteConfigRepository(database, TimeProvider.System);
        foreach (var config in versions.AsEnumerable().Reverse())
        {
            Assert.Equal(config, (await repository.GetAsync(config.SerialNo, None))!.Config);
        }
        var after = FileAndLogBytes(database);
        Assert.True(after * 3 < before, $"the file and its log went from {before} to {after} bytes");
    }

    // The database file and its write-ahead log, where the newest pages are until a checkpoint.
    private static long FileAndLogBytes(SqliteDatabase database) =>
        new FileInfo(database.Path).Length + (File.Exists(database.Path + "-wal") ? new FileInfo(database.Path + "-wal").Length : 0);

    private static async Task<List<StoredKind>> StoredKindsAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(None);
        return [.. await connection.QueryAsync<StoredKind>("SELECT serial, patch_of AS PatchOf, length(CAST(document AS BLOB)) AS Bytes FROM config_versions ORDER BY serial")];
    }
}
