using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// One heartbeat between the two directors: who sends it, its state, a sequence number and the sending time,
/// authenticated with HMAC-SHA256 under the cluster's shared key. The sequence starts from the sender's clock
/// in milliseconds at start-up and counts up, so it keeps rising across restarts and a replayed packet can be
/// told from a new one (<see cref="HeartbeatReplayGuard"/>).
/// </summary>
/// <param name="Role">The sender's role.</param>
/// <param name="State">The sender's state.</param>
/// <param name="Sequence">Rises by one per heartbeat.</param>
/// <param name="Time">The sender's wall clock, for the replay window.</param>
/// <param name="Forced">The sender was made active by the operator; the peer yields to it.</param>
/// <param name="Stamp">The sender's monotonic clock in microseconds, echoed back by the peer to measure the round trip.</param>
/// <param name="EchoStamp">The <see cref="Stamp"/> of the last heartbeat the sender heard on this path (0 for none).</param>
/// <param name="EchoHeldMicroseconds">How long the sender held that stamp before sending this, subtracted from the round trip.</param>
/// <remarks>
/// Layout, big-endian: version (1), role (1), state (1), flags (1), sequence (8), time in Unix milliseconds (8),
/// stamp (8), echo stamp (8), echo held (4), then the 32-byte HMAC of those 40 bytes.
/// </remarks>
public sealed record HeartbeatPacket(DirectorRole Role, DirectorState State, ulong Sequence, DateTimeOffset Time, bool Forced = false,
    ulong Stamp = 0, ulong EchoStamp = 0, uint EchoHeldMicroseconds = 0) : IHeartbeatMessage<HeartbeatPacket>
{
    /// <inheritdoc />
    public string SenderKey => Role.ToString();

    /// <summary>The format version this build writes and reads.</summary>
    public const byte FormatVersion = 2;

    private const byte ForcedFlag = 1;
    private const int BodyLength = 40;
    private const int MacLength = 32;

    /// <summary>The packet's length on the wire.</summary>
    public const int Length = BodyLength + MacLength;

    /// <summary>The packet, signed with <paramref name="key"/>.</summary>
    public byte[] Encode(ReadOnlySpan<byte> key)
    {
        var packet = new byte[Length];
        packet[0] = FormatVersion;
        packet[1] = (byte)Role;
        packet[2] = (byte)State;
        packet[3] = Forced ? ForcedFlag : (byte)0;
        BinaryPrimitives.WriteUInt64BigEndian(packet.AsSpan(4), Sequence);
        BinaryPrimitives.WriteInt64BigEndian(packet.AsSpan(12), Time.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt64BigEndian(packet.AsSpan(20), Stamp);
        BinaryPrimitives.WriteUInt64BigEndian(packet.AsSpan(28), EchoStamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(36), EchoHeldMicroseconds);
        HMACSHA256.HashData(key, packet.AsSpan(0, BodyLength), packet.AsSpan(BodyLength));
        return packet;
    }

    /// <summary>
    /// The packet in <paramref name="bytes"/> if it is well formed and its HMAC is right under <paramref name="key"/>;
    /// otherwise null and why, without saying anything about the key.
    /// </summary>
    public static HeartbeatPacket? TryDecode(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> key, out string error)
    {
        if (bytes.Length != Length)
        {
            error = $"a heartbeat is {Length} bytes, not {bytes.Length}";
            return null;
        }
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, bytes[..BodyLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[BodyLength..]))
        {
            error = "authentication failed (wrong key or altered packet)";
            return null;
        }
        if (bytes[0] != FormatVersion || !Enum.IsDefined((DirectorRole)bytes[1]) || !Enum.IsDefined((DirectorState)bytes[2]))
        {
            error = $"unknown heartbeat format (version {bytes[0]}, role {bytes[1]}, state {bytes[2]})";
            return null;
        }
        error = "";
        return new HeartbeatPacket((DirectorRole)bytes[1], (DirectorState)bytes[2], BinaryPrimitives.ReadUInt64BigEndian(bytes[4..]),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes[12..])), (bytes[3] & ForcedFlag) != 0,
            BinaryPrimitives.ReadUInt64BigEndian(bytes[20..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[28..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[36..]));
    }
}
