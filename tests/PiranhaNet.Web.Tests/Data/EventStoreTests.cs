using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Tests.Shared;

namespace PiranhaNet.Web.Tests.Data;

public class EventStoreTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static HealthEvent Event(int minutesAgo, string real, HealthState to, string reason) =>
        new(s_now.AddMinutes(-minutesAgo), "web", real, to == HealthState.Down ? HealthState.Up : HealthState.Down, to, reason);

    [Fact]
    public async Task List_Filters_NewestFirst()
    {
        using var store = await Store.CreateAsync();
        var events = new EventStore(store.Database, new FixedClock(s_now), new WebOptions());
        await events.AddAsync("lvs1", [Event(30, "r1", HealthState.Down, "connection refused"), Event(20, "r1", HealthState.Up, "ok")], CancellationToken.None);
        await events.AddAsync("lvs2", [Event(10, "r2", HealthState.Down, "HTTP 503")], CancellationToken.None);

        var all = await events.ListAsync(new EventStore.Filter(), CancellationToken.None);
        var downs = await events.ListAsync(new EventStore.Filter(To: HealthState.Down), CancellationToken.None);
        var lvs1 = await events.ListAsync(new EventStore.Filter(Director: "lvs1", RealServer: "r1"), CancellationToken.None);

        Assert.Equal(["HTTP 503", "ok", "connection refused"], all.Select(e => e.Reason));
        Assert.Equal(["lvs2", "lvs1"], downs.Select(e => e.Director));
        Assert.Equal([HealthState.Up, HealthState.Down], lvs1.Select(e => e.To));
        Assert.Equal(s_now.AddMinutes(-10), all[0].Time);
    }

    [Fact]
    public async Task Add_DropsEventsOlderThanTheRetention()
    {
        using var store = await Store.CreateAsync();
        var clock = new FixedClock(s_now);
        var events = new EventStore(store.Database, clock, new WebOptions { EventRetentionDays = 7 });
        await events.AddAsync("lvs1", [Event(0, "r1", HealthState.Down, "old")], CancellationToken.None);

        clock.Now = s_now.AddDays(8);
        await events.AddAsync("lvs1", [new HealthEvent(clock.Now, "web", "r1", HealthState.Down, HealthState.Entering, "new")], CancellationToken.None);

        Assert.Equal(["new"], (await events.ListAsync(new EventStore.Filter(), CancellationToken.None)).Select(e => e.Reason));
    }
}
