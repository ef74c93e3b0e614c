using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// One heartbeat between directors of a cluster (a configuration with failover groups or more than two directors):
/// who sends it, what it is doing as a member, which groups it holds and whether it has quorum, with the sequence,
/// time and round-trip stamps of the pair's <see cref="HeartbeatPacket"/>, authenticated with HMAC-SHA256 under the
/// cluster's key. The groups are a bitmap over the configuration's group order, so the packet also carries a
/// fingerprint of that order (<see cref="LayoutOf"/>): a director on another layout is heard, but what it holds is not
/// read into this one's groups.
/// </summary>
/// <param name="Sender">The sender's director name (at most 63 bytes, as every configuration name).</param>
/// <param name="Condition">What the sender is doing as a member.</param>
/// <param name="HasQuorum">The sender hears a majority (or quorum does not apply).</param>
/// <param name="Sequence">Rises by one per heartbeat, from the sender's clock at start-up.</param>
/// <param name="Time">The sender's wall clock, for the replay window.</param>
/// <param name="Layout">The fingerprint of the sender's group order.</param>
/// <param name="Held">The indexes of the groups the sender holds, in its group order.</param>
/// <param name="Stamp">The sender's monotonic clock in microseconds, echoed back to measure the round trip.</param>
/// <param name="EchoStamp">The <see cref="Stamp"/> of the last heartbeat the sender heard from the receiver on this path (0 for none).</param>
/// <param name="EchoHeldMicroseconds">How long the sender held that stamp before sending this.</param>
/// <remarks>
/// Layout, big-endian: version 3 (1), condition (1), flags (1), name length (1), name (64, zero-padded), sequence (8),
/// time in Unix milliseconds (8), stamp (8), echo stamp (8), echo held (4), layout (4), held groups (32: bit i of byte
/// i / 8 is group i), then the 32-byte HMAC of those 140 bytes. 172 bytes: unlike a pair's 72, so neither is taken for
/// the other.
/// </remarks>
public sealed record ClusterHeartbeat(string Sender, MemberCondition Condition, bool HasQuorum, ulong Sequence, DateTimeOffset Time, uint Layout,
    IReadOnlySet<int> Held, ulong Stamp = 0, ulong EchoStamp = 0, uint EchoHeldMicroseconds = 0) : IHeartbeatMessage<ClusterHeartbeat>
{
    /// <inheritdoc />
    public string SenderKey => "director " + Sender;

    /// <summary>The format version of cluster heartbeats.</summary>
    public const byte FormatVersion = 3;

    private const int NameLength = 64;
    private const int GroupBytes = ClusterTopology.MaxGroups / 8;
    private const int BodyLength = 4 + NameLength + 8 + 8 + 8 + 8 + 4 + 4 + GroupBytes;
    private const int MacLength = 32;
    private const byte QuorumFlag = 1;

    /// <summary>The packet's length on the wire.</summary>
    public const int Length = BodyLength + MacLength;

    /// <summary>The fingerprint of a group order: the first four bytes of the SHA-256 of the names, one per line.</summary>
    public static uint LayoutOf(IEnumerable<string> groups) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', groups))));

    /// <summary>The packet, signed with <paramref name="key"/>.</summary>
    public byte[] Encode(ReadOnlySpan<byte> key)
    {
        var name = Encoding.UTF8.GetBytes(Sender);
        if (name.Length is 0 or > NameLength - 1)
        {
            throw new ArgumentException($"a director's name is 1 to {NameLength - 1} bytes, not {name.Length}", nameof(key));
        }
        var packet = new byte[Length];
        var body = packet.AsSpan();
        (body[0], body[1], body[2], body[3]) = (FormatVersion, (byte)Condition, HasQuorum ? QuorumFlag : (byte)0, (byte)name.Length);
        name.CopyTo(body[4..]);
        var at = 4 + NameLength;
        BinaryPrimitives.WriteUInt64BigEndian(body[at..], Sequence);
        BinaryPrimitives.WriteInt64BigEndian(body[(at + 8)..], Time.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt64BigEndian(body[(at + 16)..], Stamp);
        BinaryPrimitives.WriteUInt64BigEndian(body[(at + 24)..], EchoStamp);
        BinaryPrimitives.WriteUInt32BigEndian(body[(at + 32)..], EchoHeldMicroseconds);
        BinaryPrimitives.WriteUInt32BigEndian(body[(at + 36)..], Layout);
        var groups = body.Slice(at + 40, GroupBytes);
        foreach (var index in Held)
        {
            groups[index / 8] |= (byte)(1 << (index % 8));
        }
        HMACSHA256.HashData(key, packet.AsSpan(0, BodyLength), packet.AsSpan(BodyLength));
        return packet;
    }

    /// <summary>The packet in <paramref name="bytes"/> if well formed and authentic under <paramref name="key"/>; otherwise null and why.</summary>
    public static ClusterHeartbeat? TryDecode(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> key, out string error)
    {
        if (bytes.Length != Length)
        {
            error = bytes.Length == HeartbeatPacket.Length
                ? "a heartbeat of a director pair, not of a cluster: is that director on an older configuration?"
                : $"a cluster heartbeat is {Length} bytes, not {bytes.Length}";
            return null;
        }
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, bytes[..BodyLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[BodyLength..]))
        {
            error = "authentication failed (wrong key or altered packet)";
            return null;
        }
        var nameLength = bytes[3];
        if (bytes[0] != FormatVersion || !Enum.IsDefined((MemberCondition)bytes[1]) || nameLength is 0 or >= NameLength)
        {
            error = $"unknown cluster heartbeat format (version {bytes[0]}, condition {bytes[1]}, name length {nameLength})";
            return null;
        }
        var at = 4 + NameLength;
        var held = new HashSet<int>();
        var groups = bytes.Slice(at + 40, GroupBytes);
        for (var i = 0; i < ClusterTopology.MaxGroups; i++)
        {
            if ((groups[i / 8] & (1 << (i % 8))) != 0)
            {
                held.Add(i);
            }
        }
        error = "";
        return new ClusterHeartbeat(Encoding.UTF8.GetString(bytes.Slice(4, nameLength)), (MemberCondition)bytes[1], (bytes[2] & QuorumFlag) != 0,
            BinaryPrimitives.ReadUInt64BigEndian(bytes[at..]), DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes[(at + 8)..])),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[(at + 36)..]), held, BinaryPrimitives.ReadUInt64BigEndian(bytes[(at + 16)..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[(at + 24)..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[(at + 32)..]));
    }
}
