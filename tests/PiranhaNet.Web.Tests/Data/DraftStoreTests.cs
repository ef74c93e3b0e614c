using PiranhaNet.Web.Data;
using PiranhaNet.Web.Testing;
using PiranhaNet.Web.Tests.Shared;

namespace PiranhaNet.Web.Tests.Data;

public class DraftStoreTests
{
    [Fact]
    public async Task Get_DraftWrittenByAnotherStore_IsSeenDespiteTheRememberedOne()
    {
        using var store = await Store.CreateAsync();
        var mine = new DraftStore(store.Database, TimeProvider.System);
        var other = new DraftStore(store.Database, TimeProvider.System);
        var web = SampleConfigs.Direct(SampleConfigs.Web());
        var api = SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11"));
        await mine.SaveAsync(0, web, "a", CancellationToken.None);
        var remembered = await mine.GetAsync(CancellationToken.None);

        await other.SaveAsync(0, api, "b", CancellationToken.None);
        var seen = await mine.GetAsync(CancellationToken.None);
        await other.DeleteAsync(CancellationToken.None);

        Assert.Equal(web, remembered!.Config);
        Assert.Equal((api, "b"), (seen!.Config, seen.UpdatedBy));
        Assert.Null(await mine.GetAsync(CancellationToken.None));
    }
}
