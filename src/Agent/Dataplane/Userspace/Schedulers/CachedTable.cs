namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>
/// A lookup table built from a service's destinations, rebuilt only when they change: the hashing schedulers
/// pick for every new connection, and building a table is far dearer than a reference check. The list is
/// swapped as a whole whenever a weight (or anything else) changes (<see cref="ProxyService.Update"/>), so its
/// identity is the whole key. Thread-safe.
/// </summary>
internal sealed class CachedTable<T>(Func<IReadOnlyList<DestinationState>, T> build)
{
    private readonly Lock _lock = new();
    private IReadOnlyList<DestinationState>? _source;
    private T? _table;

    /// <summary>The table for <paramref name="destinations"/>.</summary>
    public T For(IReadOnlyList<DestinationState> destinations)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(destinations, _source))
            {
                _table = build(destinations);
                _source = destinations;
            }
            return _table!;
        }
    }
}
