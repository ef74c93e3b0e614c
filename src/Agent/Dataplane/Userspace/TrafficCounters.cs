using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Userspace;

/// <summary>
/// Connections and bytes each way, counted from connection tasks with Interlocked, and their per-second rates.
/// A proxy has no view of packets, so packet counts stay 0. What a service and each of its destinations keep.
/// Thread-safe.
/// </summary>
internal sealed class TrafficCounters(TimeProvider time)
{
    private readonly RateEstimator _rates = new(time);
    private long _connections;
    private long _inBytes;
    private long _outBytes;

    public void Connected() => Interlocked.Increment(ref _connections);

    public void AddIn(int bytes) => Interlocked.Add(ref _inBytes, bytes);

    public void AddOut(int bytes) => Interlocked.Add(ref _outBytes, bytes);

    // Totals so far.
    private IpvsCounters Totals => new((ulong)Interlocked.Read(ref _connections), 0, 0, (ulong)Interlocked.Read(ref _inBytes), (ulong)Interlocked.Read(ref _outBytes));

    /// <summary>Totals and per-second rates, read together so the rates match the totals.</summary>
    public (IpvsCounters Counters, IpvsRates Rates) Read()
    {
        var totals = Totals;
        return (totals, _rates.Read(totals));
    }
}
