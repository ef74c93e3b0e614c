using PiranhaNet.Core.Concurrency;

namespace PiranhaNet.Core.Tests.Concurrency;

public class SerialQueueTests
{
    [Fact]
    public async Task RunAsync_ManyQueuedAtOnce_RunOneAtATimeInOrder()
    {
        var queue = new SerialQueue();
        var order = new List<int>();
        var inFlight = 0;
        var mostInFlight = 0;

        var runs = Enumerable.Range(0, 200).Select(i => queue.RunAsync(async _ =>
        {
            mostInFlight = Math.Max(mostInFlight, Interlocked.Increment(ref inFlight));
            await Task.Yield();
            order.Add(i);
            Interlocked.Decrement(ref inFlight);
            return i;
        }, CancellationToken.None)).ToList();

        Assert.Equal(Enumerable.Range(0, 200), await Task.WhenAll(runs));
        Assert.Equal(Enumerable.Range(0, 200), order);
        Assert.Equal(1, mostInFlight);
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeItsTurn_DoesNotRun()
    {
        var queue = new SerialQueue();
        var release = new TaskCompletionSource();
        var first = queue.RunAsync(_ => release.Task, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var second = queue.RunAsync(_ => { ran = true; return Task.CompletedTask; }, cancel.Token);

        await cancel.CancelAsync();
        release.SetResult();
        await first;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.False(ran);
    }

    [Fact]
    public async Task RunAsync_AFailingItem_FailsOnlyItsOwnTask()
    {
        var queue = new SerialQueue();

        var failing = queue.RunAsync<int>(_ => throw new InvalidOperationException("boom"), CancellationToken.None);
        var next = queue.RunAsync(_ => Task.FromResult(7), CancellationToken.None);

        Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Equal(7, await next);
    }
}
