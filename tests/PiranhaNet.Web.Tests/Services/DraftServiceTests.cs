using Microsoft.Extensions.Logging.Abstractions;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Services;

public class DraftServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // The drafts of the users alice and bob (a draft belongs to a user who exists).
    private static DraftService Drafts(Store store, ChangeNotifier? notifier = null)
    {
        var users = new UserStore(store.Database, TimeProvider.System);
        foreach (var name in new[] { "alice", "bob" })
        {
            users.AddAsync(name, "operator", "hash", "test", None).GetAwaiter().GetResult();
        }
        return new(new DraftStore(store.Database, TimeProvider.System), store.Service, ConfigValidator.Default,
            notifier ?? new ChangeNotifier(NullLogger<ChangeNotifier>.Instance));
    }

    [Fact]
    public async Task Change_Valid_IsPendingUntilApplied()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "setup", None);
        var drafts = Drafts(store);

        Assert.Empty(await drafts.ChangeAsync(c => c.RemoveRealServer("web", "r1"), "alice", None));
        var view = await drafts.GetAsync("alice", None);

        Assert.Equal((1, 1), (view.BaseSerial, view.LatestSerial));
        Assert.Equal(["removed real server 'r1' from virtual server 'web' (192.0.2.21:80 weight 1)"], view.Changes.Select(c => c.Describe()));
        Assert.Single(await store.Repository.ListAsync(None));
    }

    [Fact]
    public async Task Change_Invalid_ReturnsErrorsAndKeepsTheDraftAsItWas()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "setup", None);
        var drafts = Drafts(store);

        var errors = await drafts.ChangeAsync(c => c.UpdateVirtualServer("web", v => v with { Port = 0 }), "alice", None);

        Assert.Equal("virtualServers[web].port", Assert.Single(errors).Path);
        Assert.Empty((await drafts.GetAsync("alice", None)).Changes);
    }

    [Fact]
    public async Task Change_MissingElement_IsAnErrorNotACrash()
    {
        using var store = await Store.CreateAsync();
        var drafts = Drafts(store);

        var errors = await drafts.ChangeAsync(c => c.RemoveVirtualServer("gone"), "alice", None);

        Assert.Equal("virtual server 'gone' does not exist", Assert.Single(errors).Message);
    }

    [Fact]
    public async Task Change_BackToTheStoredValue_LeavesNothingPending()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "setup", None);
        var drafts = Drafts(store);
        await drafts.ChangeAsync(c => c.UpdateVirtualServer("web", v => v with { Port = 8080 }), "alice", None);

        await drafts.ChangeAsync(c => c.UpdateVirtualServer("web", v => v with { Port = 80 }), "alice", None);

        Assert.Empty((await drafts.GetAsync("alice", None)).Changes);
    }

    [Fact]
    public async Task Apply_StoresANewVersionAndClearsTheDraft()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "setup", None);
        var drafts = Drafts(store);
        await drafts.ChangeAsync(c => c.UpdateVirtualServer("web", v => v with { Port = 8080 }), "alice", None);

        var saved = await drafts.ApplyAsync("alice", None);

        Assert.Equal((2, "alice"), (saved.Serial, saved.Author));
        Assert.Equal(8080, (await store.Service.GetLatestAsync(None)).Config.VirtualServers[0].Port);
        Assert.Empty((await drafts.GetAsync("alice", None)).Changes);
    }

    [Fact]
    public async Task Drafts_AreEachUsersOwn()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "setup", None);
        var drafts = Drafts(store);

        await drafts.ChangeAsync(c => c.UpdateVirtualServer("web", v => v with { Port = 8080 }), "alice", None);

        Assert.Single((await drafts.GetAsync("alice", None)).Changes);
        Assert.Empty((await drafts.GetAsync("bob", None)).Changes);
        Assert.Equal(80, (await drafts.GetAsync("bob", None)).Config.VirtualServers[0].Port);
    }

    [Fact]
    public async Task Apply_AfterAnotherSaveOfOtherFields_MergesBoth()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "setup", None);
        var drafts = Drafts(store);
        await drafts.ChangeAsync(c => c.UpdateVirtualServer("web", v => v with { Port = 8080 }), "alice", None);
        await store.Service.UpdateAsync(null, "bob", c => c.UpdateVirtualServer("web", v => v with { Scheduler = "rr" }), None);

        var view = await drafts.GetAsync("alice", None);
        var saved = await drafts.ApplyAsync("alice", None);

        Assert.False(view.HasConflicts);
        Assert.Equal((2, 2), (view.BaseSerial, view.LatestSerial));
        Assert.Equal(["virtualServers[web].port: 80 -> 8080"], view.Changes.Select(c => c.Describe()));
        Assert.Equal(3, saved.Serial);
        var latest = (await store.Service.GetLatestAsync(None)).Config.VirtualServers[0];
        Assert.Equal((8080, "rr"), (latest.Port, latest.Scheduler));
    }

    [Fact]
    public async Task Apply_SameFieldChangedOnBothSides_IsRefusedWithBothValuesUntilSettled()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "setup", None);
        var drafts = Drafts(store);
        await drafts.ChangeAsync(c => c.UpdateVirtualServer("web", v => v with { Port = 8080, Scheduler = "sh" }), "alice", None);
        await store.Service.UpdateAsync(null, "bob", c => c.UpdateVirtualServer("web", v => v with { Port = 8443 }), None);

        var view = await drafts.GetAsync("alice", None);
        var refused = await Assert.ThrowsAsync<DraftConflictException>(() => drafts.ApplyAsync("alice", None));

        var conflict = Assert.Single(view.Conflicts);
        Assert.Equal(("virtualServers[web].port", "80", "8080", "8443"), (conflict.Path, conflict.Base, conflict.Mine, conflict.Theirs));
        Assert.Equal(conflict, Assert.Single(refused.Conflicts));
        Assert.Equal(2, (await store.Service.GetLatestAsync(None)).Info.Serial);

        Assert.Empty(await drafts.SettleAsync("alice", new Dictionary<string, PiranhaNet.Core.Diffing.ThreeWayMerge.Side>
            { ["virtualServers[web].port"] = PiranhaNet.Core.Diffing.ThreeWayMerge.Side.Theirs }, None));
        await drafts.ApplyAsync("alice", None);

        var latest = (await store.Service.GetLatestAsync(None)).Config.VirtualServers[0];
        Assert.Equal((8443, "sh"), (latest.Port, latest.Scheduler));
    }

    [Fact]
    public async Task Settle_WithoutAChoiceForEveryConflict_ChangesNothing()
    {
        using var store = await Store.CreateAsync();
        await store.Service.ReplaceAsync(SampleConfigs.Direct(SampleConfigs.Web()), null, "setup", None);
        var drafts = Drafts(store);
        await drafts.ChangeAsync(c => c.UpdateVirtualServer("web", v => v with { Port = 8080 }), "alice", None);
        await store.Service.UpdateAsync(null, "bob", c => c.UpdateVirtualServer("web", v => v with { Port = 8443 }), None);

        var problems = await drafts.SettleAsync("alice", new Dictionary<string, PiranhaNet.Core.Diffing.ThreeWayMerge.Side>(), None);

        Assert.Equal(["virtualServers[web].port: choose yours or the latest version's"], problems);
        Assert.True((await drafts.GetAsync("alice", None)).HasConflicts);
    }

    [Fact]
    public async Task Change_NotifiesSubscribers()
    {
        using var store = await Store.CreateAsync();
        var notifier = new ChangeNotifier(NullLogger<ChangeNotifier>.Instance);
        var notified = new TaskCompletionSource<ChangeKind>();
        using var subscription = notifier.Subscribe(kind => { notified.TrySetResult(kind); return Task.CompletedTask; });

        await Drafts(store, notifier).ChangeAsync(c => c with { Global = c.Global with { Primary = "192.0.2.1" } }, "alice", None);

        Assert.Equal(ChangeKind.Draft, await notified.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
