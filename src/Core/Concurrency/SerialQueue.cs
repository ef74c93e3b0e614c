using System.Collections.Concurrent;

namespace PiranhaNet.Core.Concurrency;

/// <summary>
/// Runs work one item at a time, in the order it was queued, on the thread pool: the turn-taking of one owner
/// whose operations must not overlap (see README.md in this folder). No thread is held while it is empty, and it
/// needs no disposing. A failing item fails only its own task.
/// </summary>
public sealed class SerialQueue
{
    private readonly ConcurrentQueue<Func<Task>> _items = new();
    private int _draining;

    /// <summary>
    /// Queues <paramref name="work"/> and returns its result once it has run. When <paramref name="cancellationToken"/>
    /// is cancelled before its turn, it does not run and the task is cancelled.
    /// </summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _items.Enqueue(async () =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                done.TrySetResult(await work(cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        Drain();
        return done.Task;
    }

    /// <summary>Queues <paramref name="work"/> and completes once it has run; see <see cref="RunAsync{T}"/>.</summary>
    public Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await work(token);
            return true;
        }, cancellationToken);

    // One drainer at a time. It looks once more after letting go, so an item queued as it stopped is not left behind.
    private void Drain()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            do
            {
                while (_items.TryDequeue(out var item))
                {
                    await item();
                }
                Volatile.Write(ref _draining, 0);
            }
            while (!_items.IsEmpty && Interlocked.CompareExchange(ref _draining, 1, 0) == 0);
        });
    }
}
