namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// Refuses heartbeats that were seen before or are too old: each must carry a higher sequence than the last
/// accepted one from the same sender (a pair's role, a cluster director's name), and a time within <see cref="MaxSkew"/> of the receiver's clock (so a packet
/// recorded long ago cannot be replayed after the sender restarts and its sequence begins anew from its clock).
/// Not thread-safe: the receiving loop owns it.
/// </summary>
public sealed class HeartbeatReplayGuard(TimeProvider time)
{
    /// <summary>How far a heartbeat's time may be from the receiver's clock.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(30);

    // The last sequence accepted from each sender: a pair's role, or a cluster director's name.
    private readonly Dictionary<string, ulong> _lastSequence = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="packet"/> is new; otherwise false and why.</summary>
    public bool Accept<TPacket>(TPacket packet, out string error) where TPacket : class, IHeartbeatMessage<TPacket> =>
        Accept(packet.SenderKey, packet.Sequence, packet.Time, out error);

    private bool Accept(string sender, ulong sequence, DateTimeOffset sent, out string error)
    {
        var skew = (time.GetUtcNow() - sent).Duration();
        if (skew > MaxSkew)
        {
            error = $"heartbeat time is {skew.TotalSeconds:0} s off this director's clock (more than {MaxSkew.TotalSeconds:0} s)";
            return false;
        }
        if (_lastSequence.TryGetValue(sender, out var last) && sequence <= last)
        {
            error = $"replayed or reordered heartbeat (sequence {sequence}, last {last})";
            return false;
        }
        _lastSequence[sender] = sequence;
        error = "";
        return true;
    }
}
