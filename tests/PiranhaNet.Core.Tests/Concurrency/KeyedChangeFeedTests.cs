using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Core.Concurrency;

namespace PiranhaNet.Core.Tests.Concurrency;

public class KeyedChangeFeedTests
{
    private sealed record View(string Name, int Reports);

    private readonly FakeTimeProvider _time = new();
    private readonly KeyedChangeFeed<string, View> _feed = new(StringComparer.Ordinal);

    [Fact]
    public async Task Subscribe_ThenChanges_GivesTheSnapshotThenOneBatchWithTheLatestOfEachKey()
    {
        _feed.Update("lvs1", _ => new View("lvs1", 1));
        using var subscription = _feed.Subscribe();
        using var stop = new CancellationTokenSource();
        await using var batches = subscription.ReadAllAsync(TimeSpan.Zero, _time, stop.Token).GetAsyncEnumerator(stop.Token);

        _feed.Update("lvs1", v => v! with { Reports = v.Reports + 1 });
        _feed.Update("lvs1", v => v! with { Reports = v.Reports + 1 });
        _feed.Update("lvs2", _ => new View("lvs2", 1));
        _feed.Remove("lvs2");

        Assert.Equal(new View("lvs1", 1), Assert.Single(subscription.Snapshot).Value);
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal(
            [new KeyedChange<string, View>("lvs1", new View("lvs1", 3)), new KeyedChange<string, View>("lvs2", null)],
            batches.Current.OrderBy(c => c.Key));
        Assert.Equal(new View("lvs1", 3), _feed.Get("lvs1"));
    }

    [Fact]
    public async Task ReadAllAsync_WithSpacing_HoldsTheNextBatchUntilTheSpacingHasPassed()
    {
        using var subscription = _feed.Subscribe();
        using var stop = new CancellationTokenSource();
        await using var batches = subscription.ReadAllAsync(TimeSpan.FromMilliseconds(250), _time, stop.Token).GetAsyncEnumerator(stop.Token);
        _feed.Update("lvs1", _ => new View("lvs1", 1));
        Assert.True(await batches.MoveNextAsync());

        _feed.Update("lvs1", _ => new View("lvs1", 2));
        var next = batches.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await next);
        Assert.Equal(2, Assert.Single(batches.Current).Value!.Reports);
    }

    [Fact]
    public async Task ReadAllAsync_Ended_Unsubscribes()
    {
        var subscription = _feed.Subscribe();
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in subscription.ReadAllAsync(TimeSpan.Zero, _time, stop.Token))
            {
            }
        });
        Assert.Equal(1, _feed.SubscriptionCount);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.Equal(0, _feed.SubscriptionCount);
    }
}
