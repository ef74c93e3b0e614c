using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Channel;

/// <summary>
/// Real servers' changes of state not yet sent to the dashboard, oldest first: kept while the dashboard is away, the
/// oldest dropped past <see cref="Capacity"/>. Events leave only once sent, so a connection that fails mid-way loses
/// none (the next may repeat some); dropping while a batch is being sent never drops an unsent one in its place.
/// Thread-safe.
/// </summary>
internal sealed class UnsentHealthEvents
{
    /// <summary>The most events kept.</summary>
    public const int Capacity = 10_000;

    private readonly Lock _lock = new();
    private readonly Queue<(long Number, HealthEvent Event)> _events = new();
    private long _next;

    /// <summary>Queues a change; the oldest goes when the queue is full.</summary>
    public void Add(HealthEvent change)
    {
        lock (_lock)
        {
            _events.Enqueue((_next++, change));
            while (_events.Count > Capacity)
            {
                _events.Dequeue();
            }
        }
    }

    /// <summary>Up to <paramref name="most"/> of the oldest events, and the number to give <see cref="Sent"/> once they are sent.</summary>
    public (IReadOnlyList<HealthEvent> Events, long Through) Peek(int most)
    {
        lock (_lock)
        {
            var batch = _events.Take(most).ToList();
            return ([.. batch.Select(e => e.Event)], batch.Count == 0 ? -1 : batch[^1].Number);
        }
    }

    /// <summary>Drops the events up to and including number <paramref name="through"/>, which were sent.</summary>
    public void Sent(long through)
    {
        lock (_lock)
        {
            while (_events.TryPeek(out var oldest) && oldest.Number <= through)
            {
                _events.Dequeue();
            }
        }
    }
}
