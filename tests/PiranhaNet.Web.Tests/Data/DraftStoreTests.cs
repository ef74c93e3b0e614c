using Dapper;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Testing;
using PiranhaNet.Web.Tests.Shared;

namespace PiranhaNet.Web.Tests.Data;

public class DraftStoreTests
{
    private static async Task AddUsersAsync(Store store, params string[] names)
    {
        var users = new UserStore(store.Database, TimeProvider.System);
        foreach (var name in names)
        {
            Assert.True(await users.AddAsync(name, "operator", "hash", "test", CancellationToken.None));
        }
    }

    [Fact]
    public async Task Get_DraftWrittenByAnotherStore_IsSeenDespiteTheRememberedOne()
    {
        using var store = await Store.CreateAsync();
        await AddUsersAsync(store, "alice");
        var mine = new DraftStore(store.Database, TimeProvider.System);
        var other = new DraftStore(store.Database, TimeProvider.System);
        var web = SampleConfigs.Direct(SampleConfigs.Web());
        var api = SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11"));
        await mine.SaveAsync("alice", 0, web, CancellationToken.None);
        var remembered = await mine.GetAsync("alice", CancellationToken.None);

        await other.SaveAsync("alice", 0, api, CancellationToken.None);
        var seen = await mine.GetAsync("alice", CancellationToken.None);
        await other.DeleteAsync("alice", CancellationToken.None);

        Assert.Equal(web, remembered!.Config);
        Assert.Equal(api, seen!.Config);
        Assert.Null(await mine.GetAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Drafts_OfTwoUsers_AreKeptApart_AndGoWithTheirUser()
    {
        using var store = await Store.CreateAsync();
        await AddUsersAsync(store, "alice", "bob");
        var drafts = new DraftStore(store.Database, TimeProvider.System);
        await drafts.SaveAsync("alice", 0, SampleConfigs.Direct(SampleConfigs.Web()), CancellationToken.None);
        await drafts.SaveAsync("bob", 0, SampleConfigs.Direct(SampleConfigs.Web("api", "192.0.2.11")), CancellationToken.None);

        Assert.Equal("web", (await drafts.GetAsync("alice", CancellationToken.None))!.Config.VirtualServers[0].Name);
        Assert.Equal("api", (await drafts.GetAsync("bob", CancellationToken.None))!.Config.VirtualServers[0].Name);
        Assert.Equal(UserStore.Change.Done, await new UserStore(store.Database, TimeProvider.System).DeleteAsync("bob", CancellationToken.None));
        Assert.Null(await new DraftStore(store.Database, TimeProvider.System).GetAsync("bob", CancellationToken.None));
    }
}
