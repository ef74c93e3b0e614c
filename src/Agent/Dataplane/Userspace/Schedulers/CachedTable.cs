namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>
/// A lookup table built from a service's destinations and their weights, rebuilt only when either changes:
/// the hashing schedulers pick for every new connection, and building a table is far dearer than checking
/// that the destinations (swapped as a whole list on a configuration change) and weights are the ones it was
/// built from. Thread-safe.
/// </summary>
internal sealed class CachedTable<T>(Func<IReadOnlyList<DestinationState>, T> build)
{
    private readonly Lock _lock = new();
    private IReadOnlyList<DestinationState>? _source;
    private int[] _weights = [];
    private T? _table;

    /// <summary>The table for <paramref name="destinations"/> as they are now.</summary>
    public T For(IReadOnlyList<DestinationState> destinations)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(destinations, _source) || !SameWeights(destinations))
            {
                _table = build(destinations);
                _source = destinations;
                _weights = [.. destinations.Select(d => d.Weight)];
            }
            return _table!;
        }
    }

    private bool SameWeights(IReadOnlyList<DestinationState> destinations)
    {
        if (destinations.Count != _weights.Length)
        {
            return false;
        }
        for (var i = 0; i < _weights.Length; i++)
        {
            if (destinations[i].Weight != _weights[i])
            {
                return false;
            }
        }
        return true;
    }
}
