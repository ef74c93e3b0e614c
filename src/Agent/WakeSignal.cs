namespace PiranhaNet.Agent;

/// <summary>
/// A wake-up for a loop that sleeps between rounds: any number of <see cref="Set"/> calls before the loop next
/// waits wake it once, since one round covers them all. Thread-safe.
/// </summary>
internal sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    /// <summary>Wakes the loop now, or at its next wait.</summary>
    public void Set()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // already set: one round takes both
        }
    }

    /// <summary>Sleeps until set or until <paramref name="timeout"/>; true when set.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
