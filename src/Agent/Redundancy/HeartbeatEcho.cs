using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// One heartbeat path's end as both kinds of link keep it: when the peer was last heard on it, and its round trip,
/// measured from the stamp each side echoes back (less the time the peer held it before its next heartbeat). Written by
/// the path's receiving loop, read by the sender and the status.
/// </summary>
internal sealed class HeartbeatEcho(TimeProvider time)
{
    private ulong _peerStamp;
    private long _peerStampHeldSince;

    /// <summary>When the peer was last heard on this path, or null for never.</summary>
    public DateTimeOffset? LastHeard { get; private set; }

    /// <summary>The last measured round trip, or null before one was measured.</summary>
    public double? RoundTripMilliseconds { get; private set; }

    /// <summary>This side's stamp for a heartbeat sent at <paramref name="now"/>, and the peer's stamp to echo with how long it was held.</summary>
    public (ulong Stamp, ulong EchoStamp, uint EchoHeldMicroseconds) Stamps(long now) =>
        (HeartbeatClock.Microseconds(time, now), _peerStamp,
         _peerStamp == 0 ? 0 : (uint)Math.Min(uint.MaxValue, time.GetElapsedTime(_peerStampHeldSince, now).Ticks / 10));

    /// <summary>A heartbeat with these stamps arrived on this path now.</summary>
    public void Heard(ulong stamp, ulong echoStamp, uint echoHeldMicroseconds)
    {
        var now = time.GetTimestamp();
        if (echoStamp != 0)
        {
            var roundTrip = (double)(HeartbeatClock.Microseconds(time, now) - echoStamp) - echoHeldMicroseconds;
            RoundTripMilliseconds = Math.Max(0, roundTrip) / 1000;
        }
        (_peerStamp, _peerStampHeldSince, LastHeard) = (stamp, now, time.GetUtcNow());
    }

    /// <summary>The path as the status shows it: up when heard within <paramref name="deadtime"/>.</summary>
    public HeartbeatPathStatus Status(HeartbeatPath path, TimeSpan deadtime, string? error) =>
        new(path.Name, path.Local.ToString(), path.Peer.ToString(), LastHeard is { } heard && time.GetUtcNow() - heard <= deadtime, LastHeard, RoundTripMilliseconds, error);
}
