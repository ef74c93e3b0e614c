using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data.Contract;

/// <summary>
/// Every statement of every table's store, run against each store by a subclass (SQLite, PostgreSQL): the stores write
/// one SQL text for both, so each statement is run on both here. Behaviour in depth is tested elsewhere on SQLite.
/// </summary>
public abstract class StoresContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset s_now = DateTimeOffset.Parse("2026-12-06T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(s_now);

    /// <summary>The store made for this test.</summary>
    protected StoreDatabase Database { get; private set; } = null!;

    /// <summary>Makes a new, empty, migrated store.</summary>
    protected abstract Task<StoreDatabase> CreateStoreAsync();

    /// <summary>Removes the store.</summary>
    protected abstract Task DropStoreAsync();

    public async Task InitializeAsync() => Database = await CreateStoreAsync();

    public Task DisposeAsync() => DropStoreAsync();

    [Fact]
    public async Task Users_AddChangeGuardTheLastAdminAndDelete()
    {
        var users = new UserStore(Database, _time);
        Assert.False(await users.AnyAsync(None));
        Assert.True(await users.AddFirstAdminAsync("ada", "h0", None));
        Assert.False(await users.AddFirstAdminAsync("eve", "h0", None));
        Assert.True(await users.AddAsync("olga", Roles.Operator, "h1", "ada", None));
        Assert.False(await users.AddAsync("olga", Roles.Viewer, "h2", "ada", None));

        Assert.Equal(UserStore.Change.LastAdmin, await users.SetDisabledAsync("ada", true, None));
        Assert.Equal(UserStore.Change.LastAdmin, await users.SetRoleAsync("ada", Roles.Viewer, None));
        Assert.Equal(UserStore.Change.Done, await users.SetRoleAsync("olga", Roles.Admin, None));
        Assert.Equal(UserStore.Change.Done, await users.SetDisabledAsync("ada", true, None));
        Assert.True(await users.SetPasswordAsync("olga", "h3", None));
        Assert.Equal(UserStore.Change.NoSuchUser, await users.DeleteAsync("nobody", None));

        Assert.Equal([("ada", "admin", true, "h0"), ("olga", "admin", false, "h3")],
            (await users.ListAsync(None)).Select(u => (u.Name, u.Role, u.Disabled, u.PasswordHash)));
        Assert.Equal(s_now, (await users.GetAsync("olga", None))!.CreatedAt);
        Assert.Equal(UserStore.Change.LastAdmin, await users.DeleteAsync("olga", None));
        Assert.Equal(UserStore.Change.Done, await users.SetDisabledAsync("ada", false, None));
        Assert.Equal(UserStore.Change.Done, await users.DeleteAsync("olga", None));
    }

    [Fact]
    public async Task Tokens_AddFindTouchListAndDelete_AndGoWithTheirOwner()
    {
        var users = new UserStore(Database, _time);
        await users.AddFirstAdminAsync("ada", "h", None);
        await users.AddAsync("olga", Roles.Operator, "h", "ada", None);
        var tokens = new ApiTokenStore(Database, _time);

        var id = await tokens.AddAsync("olga", "ci", Roles.Viewer, "hash1", s_now.AddDays(30), None);
        Assert.Null(await tokens.AddAsync("olga", "ci", Roles.Viewer, "hash2", null, None));
        Assert.Null(await tokens.AddAsync("nobody", "ci", Roles.Viewer, "hash3", null, None));
        await tokens.AddAsync("ada", "backup", Roles.Admin, "hash4", null, None);
        _time.Advance(TimeSpan.FromMinutes(2));
        await tokens.TouchAsync(id!.Value, None);

        var found = await tokens.FindByHashAsync("hash1", None);
        Assert.Equal(("olga", "ci", s_now.AddDays(30), s_now.AddMinutes(2)), (found!.Owner, found.Name, found.ExpiresAt, found.LastUsedAt));
        Assert.Equal(["ada/backup", "olga/ci"], (await tokens.ListAsync(null, None)).Select(t => $"{t.Owner}/{t.Name}"));
        Assert.Equal(found, await tokens.GetAsync(id.Value, None));
        await users.DeleteAsync("olga", None);
        Assert.Empty(await tokens.ListAsync("olga", None));
        Assert.False(await tokens.DeleteAsync(id.Value, None));
    }

    [Fact]
    public async Task Directors_EnrolStartStopDataplaneAndCluster()
    {
        var directors = new DirectorStore(Database, _time);
        Assert.Equal(new DirectorStore.ClusterControl(true, "", null), await directors.GetClusterAsync(None));

        Assert.True(await directors.AddAsync("lvs1", "t1", "ada", None));
        Assert.False(await directors.AddAsync("lvs1", "t2", "ada", None));
        Assert.True(await directors.AddAsync("lvs2", "t2", "ada", None));
        Assert.True(await directors.SetDesiredRunningAsync("lvs1", false, None));
        Assert.True(await directors.SetDataplaneAsync("lvs2", "ipvs", None));
        await directors.SetClusterAsync(false, "olga", None);

        Assert.Equal([("lvs1", false, (string?)null), ("lvs2", true, "ipvs")], (await directors.ListAsync(None)).Select(d => (d.Name, d.DesiredRunning, d.Dataplane)));
        Assert.Equal("lvs2", (await directors.FindByTokenHashAsync("t2", None))!.Name);
        Assert.Equal(new DirectorStore.ClusterControl(false, "olga", s_now), await directors.GetClusterAsync(None));
        Assert.True(await directors.RemoveAsync("lvs1", None));
        Assert.False(await directors.RemoveAsync("lvs1", None));
    }

    [Fact]
    public async Task ClusterOperations_PauseDrainMoveAndClear_OnlyForEnrolledDirectors()
    {
        await new DirectorStore(Database, _time).AddAsync("lvs1", "t1", "ada", None);
        var operations = new ClusterOperationsStore(Database, _time);

        Assert.True(await operations.SetOperationAsync("lvs1", ClusterOperationsStore.Operation.Paused, "olga", None));
        Assert.True(await operations.SetOperationAsync("lvs1", ClusterOperationsStore.Operation.Draining, "olga", None));
        Assert.False(await operations.SetOperationAsync("lvs9", ClusterOperationsStore.Operation.Paused, "olga", None));
        Assert.True(await operations.SetMoveAsync("a", "lvs1", "olga", None));
        Assert.True(await operations.SetMoveAsync("b", "lvs1", "olga", None));
        Assert.True(await operations.SetMoveAsync("b", null, "olga", None));

        Assert.Equal([new ClusterOperationsStore.DirectorOperation("lvs1", ClusterOperationsStore.Operation.Draining, "olga", s_now)], await operations.ListOperationsAsync(None));
        Assert.Equal([new ClusterOperationsStore.Move("a", "lvs1", "olga", s_now)], await operations.ListMovesAsync(None));
        Assert.True(await operations.SetOperationAsync("lvs1", null, "olga", None));
        Assert.Empty(await operations.ListOperationsAsync(None));
    }

    [Fact]
    public async Task Drafts_SaveReplaceAndDelete()
    {
        await new UserStore(Database, _time).AddFirstAdminAsync("ada", "h", None);
        var drafts = new DraftStore(Database, _time);
        var config = SampleConfigs.Direct(SampleConfigs.Web());

        await drafts.SaveAsync("ada", 1, LvsConfigOf(config), None);
        await drafts.SaveAsync("ada", 2, config, None);

        var draft = await new DraftStore(Database, _time).GetAsync("ada", None);
        Assert.Equal(("ada", 2, config, s_now), (draft!.Owner, draft.BaseSerial, draft.Config, draft.UpdatedAt));
        await drafts.DeleteAsync("ada", None);
        Assert.Null(await new DraftStore(Database, _time).GetAsync("ada", None));
    }

    [Fact]
    public async Task EventsAuditAndFailovers_AppendFilterAndDropPastTheRetention()
    {
        var options = new WebOptions { EventRetentionDays = 1 };
        var events = new EventStore(Database, _time, options);
        var audit = new AuditStore(Database, _time, options);
        var failovers = new FailoverStore(Database, _time, options);
        var actor = new Actor("olga", "session", "192.0.2.9");
        await events.AddAsync("lvs1", [new HealthEvent(s_now, "web", "r1", HealthState.Up, HealthState.Down, "refused")], None);
        await audit.RecordAsync(actor, "Apply", "version 1", AuditStore.Outcome.Ok, "", None);
        await failovers.RecordAsync("lvs1", [new FailoverRecord(s_now, DirectorState.Standby, DirectorState.Active, "peer silent")], None);

        _time.Advance(TimeSpan.FromDays(2));
        await events.AddAsync("lvs2", [new HealthEvent(_time.GetUtcNow(), "web", "r2", HealthState.Down, HealthState.Up, "answers")], None);
        await audit.RecordAsync(actor, "Stop", "cluster", AuditStore.Outcome.Refused, "needs operator", None);
        var records = new[] { new FailoverRecord(_time.GetUtcNow(), DirectorState.Active, DirectorState.Standby, "a taken", "a") };
        Assert.Single(await failovers.RecordAsync("lvs2", records, None));
        Assert.Empty(await failovers.RecordAsync("lvs2", records, None));   // sent again after a reconnect: kept once

        Assert.Equal([("lvs2", "r2", HealthState.Up)], (await events.ListAsync(new EventStore.Filter(To: HealthState.Up), None)).Select(e => (e.Director, e.RealServer, e.To)));
        Assert.Empty(await events.ListAsync(new EventStore.Filter(Director: "lvs1"), None));
        var entries = await audit.ListAsync(new AuditStore.Filter(Actor: "olga", Outcome: AuditStore.Outcome.Refused, Since: s_now), None);
        Assert.Equal([("Stop", "cluster", actor)], entries.Select(e => (e.Action, e.Target, e.Actor)));
        Assert.Equal([("lvs2", "a")], (await failovers.ListAsync(null, 10, None)).Select(f => (f.Director, f.Group)));
        Assert.Empty(await failovers.ListAsync("lvs1", 10, None));
    }

    [Fact]
    public async Task HeartbeatKey_CreatedThenRotated_KeepsThePreviousForAWhile()
    {
        var keys = new HeartbeatKeyStore(Database, _time);
        Assert.Null(await keys.GetInfoAsync(None));

        var first = await keys.RotateAsync("ada", None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await keys.RotateAsync("ada", None);

        Assert.Equal((first.Key, _time.GetUtcNow() + HeartbeatKeyStore.PreviousKeyGrace), (second.Previous, second.PreviousUntil));
        Assert.Equal(second, await keys.GetMessageAsync(None));
        Assert.Equal(("ada", _time.GetUtcNow()), ((await keys.GetInfoAsync(None))!.CreatedBy, (await keys.GetInfoAsync(None))!.CreatedAt));
    }

    // A different configuration of the same shape, for a draft replaced by the next.
    private static Core.Model.LvsConfig LvsConfigOf(Core.Model.LvsConfig config) => config with { VirtualServers = [] };
}
