using System.Threading.Channels;

namespace PiranhaNet.Core.Concurrency;

/// <summary>
/// "Something changed; look again": any number of <see cref="Set"/> calls before the waiter next looks wake it
/// once, since one look covers them all. A bounded channel of one that drops further writes (see README.md in
/// this folder). Any thread may set it; one waiter at a time waits on it.
/// </summary>
public sealed class ChangeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Wakes the waiter now, or at its next wait.</summary>
    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Waits until set, and clears it.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken) => await _channel.Reader.ReadAsync(cancellationToken);

    /// <summary>
    /// Waits until set (true, and clears it) or until <paramref name="timeout"/> has passed on <paramref name="time"/>
    /// (false); <see cref="Timeout.InfiniteTimeSpan"/> waits for the set alone. Cancelling <paramref name="cancellationToken"/>
    /// throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async ValueTask<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return true;
        }
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            await WaitAsync(cancellationToken);
            return true;
        }
        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }
        using var elapsed = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, elapsed.Token);
        try
        {
            await _channel.Reader.ReadAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
