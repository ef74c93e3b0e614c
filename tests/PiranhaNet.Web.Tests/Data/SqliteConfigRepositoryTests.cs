using PiranhaNet.Core.Model;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data;

public class SqliteConfigRepositoryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task GetLatest_NothingSaved_ReturnsEmptyVersionZero()
    {
        using var store = await Store.CreateAsync();

        var latest = await store.Repository.GetLatestAsync(None);

        Assert.Equal((0, LvsConfig.Empty), (latest.Info.Serial, latest.Config));
        Assert.Equal(0, await store.Repository.GetLatestSerialAsync(None));
    }

    [Fact]
    public async Task Save_Twice_StoresNumberedVersionsWithTheirContent()
    {
        using var store = await Store.CreateAsync();
        var first = SampleConfigs.Direct(SampleConfigs.Web());
        var second = SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11"));

        var v1 = await store.Repository.SaveAsync(first, 0, "alice", "one", null, None);
        var v2 = await store.Repository.SaveAsync(second, 1, "bob", "two", null, None);

        Assert.Equal((1, 2), (v1.Serial, v2.Serial));
        Assert.Equal(2, await store.Repository.GetLatestSerialAsync(None));
        Assert.Equal(first with { SerialNo = 1 }, (await store.Repository.GetAsync(1, None))!.Config);
        Assert.Equal(second with { SerialNo = 2 }, (await store.Repository.GetLatestAsync(None)).Config);
        var list = await store.Repository.ListAsync(None);
        Assert.Equal([(2, "bob", "two", 2, 4), (1, "alice", "one", 1, 2)],
            list.Select(v => (v.Serial, v.Author, v.Summary, v.VirtualServerCount, v.RealServerCount)));
    }

    [Fact]
    public async Task Save_BasedOnStaleVersion_IsRefusedAndWritesNothing()
    {
        using var store = await Store.CreateAsync();
        await store.Repository.SaveAsync(SampleConfigs.Direct(SampleConfigs.Web()), 0, "alice", "one", null, None);
        await store.Repository.SaveAsync(SampleConfigs.Direct(), 1, "bob", "two", null, None);

        var conflict = await Assert.ThrowsAsync<ConfigVersionConflictException>(
            () => store.Repository.SaveAsync(SampleConfigs.Direct(SampleConfigs.Web("late")), 1, "carol", "three", null, None));

        Assert.Equal((1, 2), (conflict.BasedOn, conflict.Latest));
        Assert.Contains("latest is version 2", conflict.Message);
        Assert.Equal(2, (await store.Repository.ListAsync(None)).Count);
    }

    [Fact]
    public async Task Save_ConcurrentSavesOnSameVersion_ExactlyOneWins()
    {
        using var store = await Store.CreateAsync();
        await store.Repository.SaveAsync(SampleConfigs.Direct(), 0, "setup", "base", null, None);

        // Separate connections on separate threads, all based on version 1.
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.Repository.SaveAsync(SampleConfigs.Direct(SampleConfigs.Web($"w{i}")), 1, $"writer{i}", "race", null, None);
                return true;
            }
            catch (ConfigVersionConflictException)
            {
                return false;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, won => won);
        Assert.Equal(2, (await store.Repository.ListAsync(None)).Count);
    }

    [Fact]
    public async Task GetLatest_VersionSavedByAnotherWriter_IsSeenDespiteTheRememberedOne()
    {
        using var store = await Store.CreateAsync();
        await store.Repository.SaveAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "a", "first", null, None);
        var remembered = await store.Repository.GetLatestAsync(None);
        // Another process (the command line) writes to the same file through its own repository.
        var other = new SqliteConfigRepository(store.Database, TimeProvider.System);
        var api = SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11"));
        await other.SaveAsync(api, 1, "b", "second", null, None);

        var latest = await store.Repository.GetLatestAsync(None);

        Assert.Equal(1, remembered.Info.Serial);
        Assert.Equal((2, api with { SerialNo = 2 }), (latest.Info.Serial, latest.Config));
        Assert.Same(latest, await store.Repository.GetLatestAsync(None));
    }

    [Fact]
    public async Task Get_MissingVersion_ReturnsNull()
    {
        using var store = await Store.CreateAsync();

        Assert.Null(await store.Repository.GetAsync(42, None));
    }
}
