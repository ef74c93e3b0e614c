namespace PiranhaNet.Web.Metrics;

/// <summary>
/// Turns totals that can start again from zero into counters that never go backwards, as Prometheus requires of a
/// <c>_total</c>. A director's counters restart when its services are made again (an agent on the userspace proxy
/// restarted, a service deleted and added, the nftables table rebuilt): when a total falls below the last one seen,
/// the last one is added to the series' offset, and the series goes on from there. The dashboard's own restart starts
/// every series again (Prometheus's rate() reads that as a counter reset). Thread-safe.
/// </summary>
public sealed class MonotonicCounters
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (double Last, double Offset)> _series = new(StringComparer.Ordinal);

    /// <summary>The counter's value for a total of <paramref name="raw"/> read now for series <paramref name="key"/>.</summary>
    public double Next(string key, double raw)
    {
        lock (_lock)
        {
            var (last, offset) = _series.GetValueOrDefault(key);
            if (raw < last)
            {
                offset += last;
            }
            _series[key] = (raw, offset);
            return raw + offset;
        }
    }

    /// <summary>Forgets the series whose keys <paramref name="gone"/> says (services and directors no longer reported).</summary>
    public void Forget(Func<string, bool> gone)
    {
        lock (_lock)
        {
            foreach (var key in _series.Keys.Where(gone).ToList())
            {
                _series.Remove(key);
            }
        }
    }
}
