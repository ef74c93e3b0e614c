using System.Net;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Userspace;

/// <summary>
/// A destination of a userspace service with its live counters. The settings are swapped whole when the
/// configuration changes (weight edits keep the counters); counters are updated with Interlocked from
/// connection tasks. Thread-safe.
/// </summary>
internal sealed class DestinationState(IpvsDestination destination, TimeProvider time)
{
    private readonly TrafficCounters _traffic = new(time);
    private volatile IpvsDestination _destination = destination;
    private long _active;
    private volatile bool _overloaded;

    /// <summary>The destination's current settings.</summary>
    public IpvsDestination Destination { get => _destination; set => _destination = value; }

    /// <summary>Where to connect.</summary>
    public IPEndPoint EndPoint => new(_destination.Address, _destination.Port);

    /// <summary>The configured weight (0 = drained); hash tables are sized by it, so a full destination does not reshuffle them.</summary>
    public int Weight => _destination.Weight;

    /// <summary>Takes new connections: a weight above 0 and not <see cref="Overloaded"/>. Schedulers pass the others by.</summary>
    public bool Available => _destination.Weight > 0 && !_overloaded;

    /// <summary>
    /// At its upper connection threshold: it takes no new connections until it drops below the lower one (or,
    /// with none set, below three quarters of the upper one), as IPVS does.
    /// </summary>
    public bool Overloaded => _overloaded;

    /// <summary>Connections open now.</summary>
    public long Active => Interlocked.Read(ref _active);

    /// <summary>A connection to this destination started.</summary>
    public void Opened()
    {
        var active = Interlocked.Increment(ref _active);
        _traffic.Connected();
        var upper = _destination.UpperThreshold;
        if (upper > 0 && active >= upper)
        {
            _overloaded = true;
        }
    }

    /// <summary>A connection to this destination ended.</summary>
    public void Closed()
    {
        // The flag is cleared before the count drops, so whoever sees the lower count also sees it available.
        var remaining = Interlocked.Read(ref _active) - 1;
        var (upper, lower) = (_destination.UpperThreshold, _destination.LowerThreshold);
        if (_overloaded && (lower > 0 ? remaining < lower : upper == 0 || remaining * 4 < upper * 3))
        {
            _overloaded = false;
        }
        Interlocked.Decrement(ref _active);
    }

    /// <summary>Bytes from the client to the destination.</summary>
    public void AddIn(int bytes) => _traffic.AddIn(bytes);

    /// <summary>Bytes from the destination to the client.</summary>
    public void AddOut(int bytes) => _traffic.AddOut(bytes);

    /// <summary>Totals and per-second rates, read together so the rates match the totals.</summary>
    internal (IpvsCounters Counters, IpvsRates Rates) Read() => _traffic.Read();
}
