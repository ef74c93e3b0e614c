namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// Refuses heartbeats that were seen before or are too old: each must carry a higher sequence than the last
/// accepted one from the same role, and a time within <see cref="MaxSkew"/> of the receiver's clock (so a packet
/// recorded long ago cannot be replayed after the sender restarts and its sequence begins anew from its clock).
/// Not thread-safe: the receiving loop owns it.
/// </summary>
public sealed class HeartbeatReplayGuard(TimeProvider time)
{
    /// <summary>How far a heartbeat's time may be from the receiver's clock.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(30);

    private readonly Dictionary<DirectorRole, ulong> _lastSequence = [];

    /// <summary>True when <paramref name="packet"/> is new; otherwise false and why.</summary>
    public bool Accept(HeartbeatPacket packet, out string error)
    {
        var skew = (time.GetUtcNow() - packet.Time).Duration();
        if (skew > MaxSkew)
        {
            error = $"heartbeat time is {skew.TotalSeconds:0} s off this director's clock (more than {MaxSkew.TotalSeconds:0} s)";
            return false;
        }
        if (_lastSequence.TryGetValue(packet.Role, out var last) && packet.Sequence <= last)
        {
            error = $"replayed or reordered heartbeat (sequence {packet.Sequence}, last {last})";
            return false;
        }
        _lastSequence[packet.Role] = packet.Sequence;
        error = "";
        return true;
    }
}
