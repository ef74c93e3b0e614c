using PiranhaNet.Core.Model;
using PiranhaNet.Web.Data;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data.Contract;

/// <summary>
/// What every store's configuration history does, run against each store (SQLite and PostgreSQL) by a subclass that
/// supplies a new, empty, migrated store per test, so neither can drift from the other.
/// </summary>
public abstract class ConfigRepositoryContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The repository under test, on the store made for this test.</summary>
    protected IConfigRepository Repository { get; private set; } = null!;

    /// <summary>Makes a new, empty store and migrates it.</summary>
    protected abstract Task CreateStoreAsync();

    /// <summary>Another repository on the same store that remembers nothing, as another dashboard or the command line has.</summary>
    protected abstract IConfigRepository AnotherWriter();

    /// <summary>How the store keeps each version, in order.</summary>
    protected abstract Task<IReadOnlyList<StoredKind>> StoredKindsAsync();

    /// <summary>Removes the store.</summary>
    protected abstract Task DropStoreAsync();

    public async Task InitializeAsync()
    {
        await CreateStoreAsync();
        Repository = AnotherWriter();
    }

    public Task DisposeAsync() => DropStoreAsync();

    [Fact]
    public async Task GetLatest_NothingSaved_ReturnsEmptyVersionZero()
    {
        var latest = await Repository.GetLatestAsync(None);

        Assert.Equal((0, LvsConfig.Empty), (latest.Info.Serial, latest.Config));
        Assert.Equal(0, await Repository.GetLatestSerialAsync(None));
    }

    [Fact]
    public async Task Save_Twice_StoresNumberedVersionsWithTheirContent()
    {
        var first = SampleConfigs.Direct(SampleConfigs.Web());
        var second = SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11"));

        var v1 = await Repository.SaveAsync(first, 0, "alice", "one", null, None);
        var v2 = await Repository.SaveAsync(second, 1, "bob", "two", 1, None);

        Assert.Equal((1, 2), (v1.Serial, v2.Serial));
        Assert.Equal(2, await Repository.GetLatestSerialAsync(None));
        Assert.Equal(first with { SerialNo = 1 }, (await AnotherWriter().GetAsync(1, None))!.Config);
        Assert.Equal(second with { SerialNo = 2 }, (await AnotherWriter().GetLatestAsync(None)).Config);
        var list = await AnotherWriter().ListAsync(None);
        Assert.Equal([(2, "bob", "two", 2, 4, (int?)1), (1, "alice", "one", 1, 2, null)],
            list.Select(v => (v.Serial, v.Author, v.Summary, v.VirtualServerCount, v.RealServerCount, v.RestoredFrom)));
        Assert.Equal(v2.CreatedAt, list[0].CreatedAt);
    }

    [Fact]
    public async Task Save_BasedOnStaleVersion_IsRefusedAndWritesNothing()
    {
        await Repository.SaveAsync(SampleConfigs.Direct(SampleConfigs.Web()), 0, "alice", "one", null, None);
        await Repository.SaveAsync(SampleConfigs.Direct(), 1, "bob", "two", null, None);

        var conflict = await Assert.ThrowsAsync<ConfigVersionConflictException>(
            () => Repository.SaveAsync(SampleConfigs.Direct(SampleConfigs.Web("late")), 1, "carol", "three", null, None));

        Assert.Equal((1, 2), (conflict.BasedOn, conflict.Latest));
        Assert.Contains("latest is version 2", conflict.Message);
        Assert.Equal(2, (await Repository.ListAsync(None)).Count);
    }

    [Fact]
    public async Task Save_ConcurrentSavesOnSameVersion_ExactlyOneWins()
    {
        await Repository.SaveAsync(SampleConfigs.Direct(), 0, "setup", "base", null, None);

        // Separate repositories (as separate dashboards) on separate threads, all based on version 1.
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await AnotherWriter().SaveAsync(SampleConfigs.Direct(SampleConfigs.Web($"w{i}")), 1, $"writer{i}", "race", null, None);
                return true;
            }
            catch (ConfigVersionConflictException)
            {
                return false;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        Assert.Equal(2, (await Repository.ListAsync(None)).Count);
    }

    [Fact]
    public async Task GetLatest_VersionSavedByAnotherWriter_IsSeenDespiteTheRememberedOne()
    {
        await Repository.SaveAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "a", "first", null, None);
        var remembered = await Repository.GetLatestAsync(None);
        var api = SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11"));
        await AnotherWriter().SaveAsync(api, 1, "b", "second", null, None);

        var latest = await Repository.GetLatestAsync(None);

        Assert.Equal(1, remembered.Info.Serial);
        Assert.Equal((2, api with { SerialNo = 2 }), (latest.Info.Serial, latest.Config));
        Assert.Same(latest, await Repository.GetLatestAsync(None));
    }

    [Fact]
    public async Task Get_MissingVersion_ReturnsNull()
    {
        await Repository.SaveAsync(SampleConfigs.Direct(), null, "a", "first", null, None);

        Assert.Null(await Repository.GetAsync(42, None));
        Assert.Null(await Repository.GetAsync(0, None));
    }

    [Fact]
    public async Task Save_EditsOfEveryKind_StoresPatches_AndEveryVersionLoadsAsSavedByAnotherReader()
    {
        var saved = await SaveAllAsync(HistoryEdits.Of(HistoryEdits.TwoHundred(), 30));

        var kinds = await StoredKindsAsync();
        Assert.Null(kinds[0].PatchOf);
        Assert.True(kinds.Count(k => k.PatchOf is not null) >= 20, string.Join(", ", kinds));
        Assert.All(kinds.Where(k => k.PatchOf is not null), k => Assert.Equal(k.Serial - 1, k.PatchOf));
        // Newest first: each read starts from a snapshot. Oldest first: each read continues from the one before.
        foreach (var order in new[] { saved.Keys.Reverse(), saved.Keys })
        {
            var reader = AnotherWriter();
            foreach (var serial in order)
            {
                Assert.Equal(saved[serial], (await reader.GetAsync(serial, None))!.Config);
            }
        }
    }

    [Fact]
    public async Task Save_PatchesReachingAQuarterOfTheSnapshot_StartANewSnapshot()
    {
        await SaveAllAsync(HistoryEdits.Of(HistoryEdits.TwoHundred(), 60));

        var kinds = await StoredKindsAsync();
        var snapshots = kinds.Where(k => k.PatchOf is null).ToList();
        Assert.True(snapshots.Count >= 2, $"60 edits of one virtual server in 200 made {snapshots.Count} snapshot(s): {string.Join(", ", kinds)}");
        foreach (var snapshot in snapshots)
        {
            var run = kinds.SkipWhile(k => k.Serial <= snapshot.Serial).TakeWhile(k => k.PatchOf is not null).ToList();
            Assert.True(run.Sum(k => k.Bytes) * 4 <= snapshot.Bytes, $"version {snapshot.Serial} ({snapshot.Bytes} bytes) is followed by {run.Sum(k => k.Bytes)} bytes of patches");
        }
    }

    [Fact]
    public async Task Save_AfterAnotherWriterSavedPatches_ContinuesFromTheirVersion()
    {
        var versions = HistoryEdits.Of(HistoryEdits.TwoHundred(), 6).ToList();
        await Repository.SaveAsync(versions[0], null, "a", "first", null, None);
        var other = AnotherWriter();
        for (var i = 1; i < 5; i++)
        {
            await other.SaveAsync(versions[i], i, "b", "edit", null, None);
        }

        // This repository still remembers version 1; its patch must be against version 5, which it reads first.
        await Repository.SaveAsync(versions[5], 5, "a", "edit", null, None);

        Assert.Equal(versions[5] with { SerialNo = 6 }, (await AnotherWriter().GetAsync(6, None))!.Config);
        Assert.Equal(5, (await StoredKindsAsync())[5].PatchOf);
    }

    // Saves each configuration as the next version; the configurations as stored, by serial.
    private async Task<SortedDictionary<int, LvsConfig>> SaveAllAsync(IEnumerable<LvsConfig> configs)
    {
        var saved = new SortedDictionary<int, LvsConfig>();
        foreach (var config in configs)
        {
            var info = await Repository.SaveAsync(config, saved.Count, "test", "edit", null, None);
            saved[info.Serial] = config with { SerialNo = info.Serial };
        }
        return saved;
    }
}
