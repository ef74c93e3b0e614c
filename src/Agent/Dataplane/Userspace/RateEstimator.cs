using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Userspace;

/// <summary>
/// Per-second rates of a set of counters, as <c>ipvsadm --rate</c> shows them. The kernel folds its counters
/// into an estimate every 2 seconds; this does the same, lazily: each read that comes at least
/// <see cref="Window"/> after the last sample takes a new sample and reports the rate over that window, and
/// reads in between repeat it. A long gap between reads gives the mean over the gap. Thread-safe.
/// </summary>
internal sealed class RateEstimator(TimeProvider time)
{
    /// <summary>The shortest window a rate is measured over (the kernel's estimator interval).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private IpvsCounters? _sample;
    private long _sampledAt;
    private IpvsRates _rates = IpvsRates.Zero;

    /// <summary>The rates given the counters' totals now.</summary>
    public IpvsRates Read(IpvsCounters totals)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (_sample is null)
            {
                (_sample, _sampledAt) = (totals, now);
                return _rates;
            }
            var elapsed = time.GetElapsedTime(_sampledAt, now);
            if (elapsed < Window)
            {
                return _rates;
            }
            var seconds = elapsed.TotalSeconds;
            _rates = new IpvsRates(
                PerSecond(_sample.Connections, totals.Connections, seconds),
                PerSecond(_sample.InPackets, totals.InPackets, seconds),
                PerSecond(_sample.OutPackets, totals.OutPackets, seconds),
                PerSecond(_sample.InBytes, totals.InBytes, seconds),
                PerSecond(_sample.OutBytes, totals.OutBytes, seconds));
            (_sample, _sampledAt) = (totals, now);
            return _rates;
        }
    }

    // Counters only grow; a smaller total (never expected) reads as no traffic rather than a huge wrap-around.
    private static ulong PerSecond(ulong before, ulong after, double seconds) =>
        after <= before ? 0 : (ulong)Math.Round((after - before) / seconds);
}
