using Prometheus;

namespace PiranhaNet.Web.Metrics;

/// <summary>
/// The series of one labelled metric family that a collection sets from the directors' reports: those set in a
/// collection are kept, the others (a service deleted, a director revoked) are removed from the exposition at its end.
/// Used from one collection at a time (prometheus-net runs the before-collect callbacks of a scrape in turn).
/// </summary>
/// <typeparam name="TChild">The family's series type.</typeparam>
public sealed class CollectedSeries<TChild>(Collector<TChild> family) where TChild : ChildBase
{
    private readonly Dictionary<string, TChild> _previous = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TChild> _current = new(StringComparer.Ordinal);

    /// <summary>The series with these label values, kept by this collection.</summary>
    public TChild With(params string[] labels)
    {
        var key = string.Join('\u001f', labels);
        if (!_current.TryGetValue(key, out var child))
        {
            _current[key] = child = family.WithLabels(labels);
        }
        return child;
    }

    /// <summary>Ends a collection: removes the series it did not set.</summary>
    public void EndCollection()
    {
        foreach (var (key, child) in _previous)
        {
            if (!_current.ContainsKey(key))
            {
                child.Remove();
            }
        }
        _previous.Clear();
        foreach (var (key, child) in _current)
        {
            _previous[key] = child;
        }
        _current.Clear();
    }
}
