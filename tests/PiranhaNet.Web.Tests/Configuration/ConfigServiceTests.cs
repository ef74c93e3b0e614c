using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Configuration;

public class ConfigServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Update_InvalidResult_ThrowsAndSavesNothing()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "alice", None);

        var error = await Assert.ThrowsAsync<ConfigValidationException>(() => store.Service.UpdateAsync(null, "bob",
            c => c.UpdateVirtualServer("web", v => v with { Port = 0, Address = "10.0.0.999" }), None));

        Assert.Equal(["virtualServers[web].address", "virtualServers[web].port"], error.Errors.Select(e => e.Path));
        Assert.Single(await store.Repository.ListAsync(None));
    }

    [Fact]
    public async Task Update_ValidChange_RecordsAuthorAndDiffSummary()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "alice", None);

        var saved = await store.Service.UpdateAsync(1, "bob", c => c.ReplaceRealServer("web", "r1", c.GetRealServer("web", "r1") with { Weight = 5 }), None);

        Assert.Equal((2, "bob", "virtualServers[web].realServers[r1].weight: 1 -> 5"), (saved.Serial, saved.Author, saved.Summary));
    }

    [Fact]
    public async Task Update_NoChange_SavesNoNewVersion()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "alice", None);

        var result = await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "bob", None);

        Assert.Equal(1, result.Serial);
        Assert.Single(await store.Repository.ListAsync(None));
    }

    [Fact]
    public async Task Update_StaleBasedOn_IsRefusedNamingTheNewerVersion()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "alice", None);
        await store.Service.ReplaceAsync(SampleConfigs.Direct(), null, "alice", None);

        var conflict = await Assert.ThrowsAsync<ConfigVersionConflictException>(() => store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web("x")), 1, "bob", None));

        Assert.Equal(2, conflict.Latest);
    }

    [Fact]
    public async Task Update_WithoutBasedOnWhileOthersSave_ReappliesEachChange()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(), null, "setup", None);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            store.Service.UpdateAsync(null, $"writer{i}", c => c.AddVirtualServer(SampleConfigs.Web($"w{i}", $"192.0.2.{100 + i}")), None))));

        var latest = await store.Service.GetLatestAsync(None);
        Assert.Equal(["w0", "w1", "w2", "w3"], latest.Config.VirtualServers.Select(v => v.Name).Order());
        Assert.Equal(5, latest.Info.Serial);
    }

    [Fact]
    public async Task Import_FileWithErrors_ThrowsLocatedErrorsAndImportsNothing()
    {
        using var store = await Store.CreateAsync();

        var error = await Assert.ThrowsAsync<LvsParseException>(() => store.Service.ImportAsync(
            "network = direct\nvirtual web {\n address = 10.0.0.1\n server r1 {\n  address = 10.0.1.1\n  weight = -4\n }\n}\n", "site.cf", null, "alice", None));

        Assert.Equal("site.cf:6:12: virtualServers[web].realServers[r1].weight: weight -4 is out of range 0..65535", Assert.Single(error.Errors).ToString());
        Assert.Empty(await store.Repository.ListAsync(None));
    }

    [Fact]
    public async Task Restore_OldVersion_MakesNewVersionWithOldContent()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "alice", None);
        await store.Service.ReplaceAsync(SampleConfigs.Direct(), null, "alice", None);

        var restored = await store.Service.RestoreAsync(1, 2, "bob", None);

        Assert.Equal((3, 1, "restored version 1"), (restored.Serial, restored.RestoredFrom!.Value, restored.Summary));
        Assert.Equal(SampleConfigs.Direct(SampleConfigs.Web()) with { SerialNo = 3 }, (await store.Service.GetLatestAsync(None)).Config);
    }

    [Fact]
    public async Task Restore_MissingVersion_Throws()
    {
        using var store = await Store.CreateAsync();

        await Assert.ThrowsAsync<ConfigVersionNotFoundException>(() => store.Service.RestoreAsync(9, null, "bob", None));
    }
}
