using PiranhaNet.Core.Concurrency;

namespace PiranhaNet.Core.Tests.Concurrency;

public class LatestValueTests
{
    private sealed record Version(int Number);

    [Fact]
    public async Task FollowAsync_ABusyFollower_SkipsToTheNewestValue()
    {
        var latest = new LatestValue<Version>();
        latest.Publish(new Version(1));
        using var stop = new CancellationTokenSource();
        await using var follower = latest.FollowAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await follower.MoveNextAsync());
        Assert.Equal(1, follower.Current.Number);
        latest.Publish(new Version(2));
        latest.Publish(new Version(3));

        Assert.True(await follower.MoveNextAsync());
        Assert.Equal(3, follower.Current.Number);
        var next = follower.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        latest.Publish(new Version(4));
        Assert.True(await next);
        Assert.Equal(4, follower.Current.Number);
    }

    [Fact]
    public async Task FollowAsync_BeforeAnyValue_WaitsForTheFirst()
    {
        var latest = new LatestValue<Version>();
        using var stop = new CancellationTokenSource();
        await using var follower = latest.FollowAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        var first = follower.MoveNextAsync().AsTask();
        Assert.False(first.IsCompleted);
        latest.Publish(new Version(1));

        Assert.True(await first);
        Assert.Equal(new Version(1), latest.Current);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await follower.MoveNextAsync());
    }
}
