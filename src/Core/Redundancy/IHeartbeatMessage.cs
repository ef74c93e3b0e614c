namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// A heartbeat as a socket carries it, whichever kind: a pair's <see cref="HeartbeatPacket"/> or a cluster's
/// <see cref="ClusterHeartbeat"/>. Signed and checked with the cluster's key, refused when replayed (<see cref="HeartbeatReplayGuard"/>).
/// </summary>
/// <typeparam name="TSelf">The heartbeat's own type.</typeparam>
public interface IHeartbeatMessage<TSelf> where TSelf : class, IHeartbeatMessage<TSelf>
{
    /// <summary>Who sent it, for the replay guard: a pair's role or a cluster director's name.</summary>
    string SenderKey { get; }

    /// <summary>Rises by one per heartbeat of the sender.</summary>
    ulong Sequence { get; }

    /// <summary>The sender's wall clock.</summary>
    DateTimeOffset Time { get; }

    /// <summary>The heartbeat, signed with <paramref name="key"/>.</summary>
    byte[] Encode(ReadOnlySpan<byte> key);

    /// <summary>The heartbeat in <paramref name="bytes"/> if well formed and authentic under <paramref name="key"/>; otherwise null and why.</summary>
    static abstract TSelf? TryDecode(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> key, out string error);
}
