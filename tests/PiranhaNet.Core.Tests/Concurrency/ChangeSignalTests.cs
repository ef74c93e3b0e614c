using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Core.Concurrency;

namespace PiranhaNet.Core.Tests.Concurrency;

public class ChangeSignalTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task WaitAsync_SetManyTimesBeforehand_WakesOnceThenTimesOut()
    {
        var signal = new ChangeSignal();
        signal.Set();
        signal.Set();
        signal.Set();

        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None));
        var second = signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await second);
    }

    [Fact]
    public async Task WaitAsync_SetWhileWaiting_WakesBeforeTheTimeout()
    {
        var signal = new ChangeSignal();
        var waiting = signal.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);

        signal.Set();

        Assert.True(await waiting);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var signal = new ChangeSignal();
        using var cancel = new CancellationTokenSource();
        var waiting = signal.WaitAsync(TimeSpan.FromSeconds(5), _time, cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
