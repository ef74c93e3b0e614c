using Dapper;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.History;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data;

/// <summary>Versions stored as patches against the version before, with a snapshot now and then (issue 15).</summary>
public class PatchHistoryTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Save_EditsOfEveryKind_StoresPatches_AndEveryVersionLoadsAsSavedFromAFreshStore()
    {
        using var store = await Store.CreateAsync();
        var saved = await SaveAllAsync(store.Repository, Edits(TwoHundred(), 30));

        var kinds = await StoredKindsAsync(store.Database);
        Assert.Null(kinds[0].PatchOf);
        Assert.True(kinds.Count(k => k.PatchOf is not null) >= 20, string.Join(", ", kinds));
        Assert.All(kinds.Where(k => k.PatchOf is not null), k => Assert.Equal(k.Serial - 1, k.PatchOf));
        // Newest first: each read starts from a snapshot. Oldest first: each read continues from the one before.
        foreach (var order in new[] { saved.Keys.Reverse(), saved.Keys })
        {
            var fresh = new SqliteConfigRepository(store.Database, TimeProvider.System);
            foreach (var serial in order)
            {
                Assert.Equal(saved[serial], (await fresh.GetAsync(serial, None))!.Config);
            }
        }
    }

    [Fact]
    public async Task Save_PatchesReachingAQuarterOfTheSnapshot_StartANewSnapshot()
    {
        using var store = await Store.CreateAsync();
        await SaveAllAsync(store.Repository, Edits(TwoHundred(), 60));

        var kinds = await StoredKindsAsync(store.Database);
        var snapshots = kinds.Where(k => k.PatchOf is null).ToList();
        Assert.True(snapshots.Count >= 2, $"60 edits of one virtual server in 200 made {snapshots.Count} snapshot(s)");
        foreach (var snapshot in snapshots)
        {
            var run = kinds.SkipWhile(k => k.Serial <= snapshot.Serial).TakeWhile(k => k.PatchOf is not null).ToList();
            Assert.True(run.Sum(k => k.Bytes) * 4 <= snapshot.Bytes, $"version {snapshot.Serial} ({snapshot.Bytes} bytes) is followed by {run.Sum(k => k.Bytes)} bytes of patches");
        }
    }

    [Fact]
    public async Task Migrate_AHistoryStoredWhole_BecomesPatches_AndEveryVersionLoadsAsBefore()
    {
        var database = new SqliteDatabase(_directory.File("whole.db"));
        var runner = new MigrationRunner(database);
        await runner.MigrateAsync(targetVersion: 15, None);
        var versions = Edits(TwoHundred(), 20).Select((config, i) => config with { SerialNo = i + 1 }).ToList();
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

    [Fact]
    public async Task Save_AfterAnotherWriterSavedPatches_ContinuesFromTheirVersion()
    {
        using var store = await Store.CreateAsync();
        var versions = Edits(TwoHundred(), 6).ToList();
        await store.Repository.SaveAsync(versions[0], null, "a", "first", null, None);
        var other = new SqliteConfigRepository(store.Database, TimeProvider.System);
        for (var i = 1; i < 5; i++)
        {
            await other.SaveAsync(versions[i], i, "b", "edit", null, None);
        }

        // This repository still remembers version 1; its patch must be against version 5, which it reads first.
        await store.Repository.SaveAsync(versions[5], 5, "a", "edit", null, None);

        var fresh = new SqliteConfigRepository(store.Database, TimeProvider.System);
        Assert.Equal(versions[5] with { SerialNo = 6 }, (await fresh.GetAsync(6, None))!.Config);
        Assert.Equal(5, (await StoredKindsAsync(store.Database))[5].PatchOf);
    }

    // Two hundred virtual servers with two real servers each: about 80 KB whole, so a patch of one (about 2 KB, with the
    // rest of the configuration) is small beside it, as it is at any real size.
    private static LvsConfig TwoHundred() =>
        SampleConfigs.Direct([.. Enumerable.Range(1, 200).Select(i => SampleConfigs.Web($"vs{i}", $"10.0.{i / 250}.{i % 250 + 1}"))]);

    // The first configuration and then one edit after another, in turn: a weight, a new virtual server, the removal of
    // one, a reorder, a global setting, a rename back of a removed name.
    private static IEnumerable<LvsConfig> Edits(LvsConfig first, int count)
    {
        var config = first;
        yield return config;
        for (var i = 0; i < count; i++)
        {
            var servers = config.VirtualServers;
            config = (i % 6) switch
            {
                0 => config with { VirtualServers = servers.SetItem(i % servers.Count, servers[i % servers.Count] with { RealServers = [.. servers[i % servers.Count].RealServers.Select(r => r with { Weight = i + 2 })] }) },
                1 => config with { VirtualServers = servers.Add(SampleConfigs.Web($"new{i}", $"192.0.2.{i % 50 + 150}")) },
                2 => config with { VirtualServers = [.. servers.Where((_, index) => index != i % servers.Count)] },
                3 => config with { VirtualServers = [servers[^1], .. servers.Take(servers.Count - 1)] },
                4 => config with { Global = config.Global with { Primary = $"192.0.2.{i % 50 + 1}" } },
                _ => config with { VirtualServers = servers.Add(SampleConfigs.Web($"vs{i % 200 + 1}", "198.51.100.1")).Where((vs, index) => index == servers.Count || vs.Name != $"vs{i % 200 + 1}").ToEquatableArray() },
            };
            yield return config;
        }
    }

    // Saves each configuration as the next version; the configurations as stored, by serial.
    private static async Task<SortedDictionary<int, LvsConfig>> SaveAllAsync(SqliteConfigRepository repository, IEnumerable<LvsConfig> configs)
    {
        var saved = new SortedDictionary<int, LvsConfig>();
        foreach (var config in configs)
        {
            var info = await repository.SaveAsync(config, saved.Count, "test", "edit", null, None);
            saved[info.Serial] = config with { SerialNo = info.Serial };
        }
        return saved;
    }

    // The database file and its write-ahead log, where the newest pages are until a checkpoint.
    private static long FileAndLogBytes(SqliteDatabase database) =>
        new FileInfo(database.Path).Length + (File.Exists(database.Path + "-wal") ? new FileInfo(database.Path + "-wal").Length : 0);

    private sealed record StoredKind(long Serial, long? PatchOf, long Bytes);

    private static async Task<List<StoredKind>> StoredKindsAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(None);
        return [.. await connection.QueryAsync<StoredKind>("SELECT serial, patch_of AS PatchOf, length(CAST(document AS BLOB)) AS Bytes FROM config_versions ORDER BY serial")];
    }
}
