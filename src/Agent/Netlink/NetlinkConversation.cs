using System.Buffers.Binary;
using PiranhaNet.Agent.Dataplane;

namespace PiranhaNet.Agent.Netlink;

/// <summary>One reply message: its family header (genlmsghdr, ifaddrmsg, ...) and its attributes.</summary>
internal sealed record NetlinkReply(byte[] Header, NetlinkAttributes Attributes);

/// <summary>
/// Requests and replies on one netlink socket of any protocol: numbers requests, waits for the kernel's
/// acknowledgement (or error) and gathers dump replies, each split into its family header and attributes.
/// Not thread-safe.
/// </summary>
internal sealed class NetlinkConversation(int protocol, int familyHeaderLength) : IDisposable
{
    private const ushort MessageError = 2;
    private const ushort MessageDone = 3;
    private const int MessageHeaderLength = 16;   // nlmsghdr

    private readonly NetlinkSocket _socket = new(protocol);
    private uint _sequence;

    /// <summary>The number for the next request.</summary>
    public uint NextSequence() => ++_sequence;

    /// <summary>
    /// Sends <paramref name="message"/> and returns its replies: none for an acknowledged change, one for a
    /// query, all for a dump. A kernel error becomes a <see cref="NetlinkException"/>, or with <paramref name="missing"/>
    /// a <see cref="DataplaneException"/> with that text when the kernel says ENOENT.
    /// </summary>
    public List<NetlinkReply> Exchange(byte[] message, bool dump, string? missing = null)
    {
        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(8));
        _socket.Send(message);
        var replies = new List<NetlinkReply>();
        while (true)
        {
            var datagram = _socket.Receive();
            while (datagram.Length >= MessageHeaderLength)
            {
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
                var replySequence = BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]);
                if (length < MessageHeaderLength || length > datagram.Length)
                {
                    throw new DataplaneException($"malformed netlink message (length {length})");
                }
                var body = datagram[MessageHeaderLength..length];
                datagram = datagram[Math.Min((length + 3) & ~3, datagram.Length)..];
                if (replySequence != sequence)
                {
                    continue;   // a late reply to an earlier request
                }
                if (type == MessageDone)
                {
                    return replies;
                }
                if (type == MessageError)
                {
                    var errno = -BinaryPrimitives.ReadInt32LittleEndian(body);
                    if (errno == 0)
                    {
                        return replies;   // the acknowledgement of a change
                    }
                    throw errno == 2 && missing is not null ? new DataplaneException(missing) : new NetlinkException(errno);
                }
                var header = (familyHeaderLength + 3) & ~3;
                replies.Add(new NetlinkReply(body[..familyHeaderLength].ToArray(), new NetlinkAttributes(body[Math.Min(header, body.Length)..])));
                if (!dump)
                {
                    return replies;
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
