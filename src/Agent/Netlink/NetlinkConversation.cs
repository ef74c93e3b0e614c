using System.Buffers.Binary;
using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Netlink;

/// <summary>One reply message: its family header (genlmsghdr, ifaddrmsg, ...) and its attributes.</summary>
internal sealed record NetlinkReply(byte[] Header, NetlinkAttributes Attributes);

/// <summary>
/// Requests and replies on one netlink socket of any protocol: numbers requests, waits for the kernel's
/// acknowledgement (or error) and gathers dump replies, each split into its family header and attributes.
/// Every failure is a <see cref="NetlinkException"/> (or, from the socket itself, a <see cref="SystemCallException"/>).
/// Not thread-safe.
/// </summary>
internal sealed class NetlinkConversation(NetlinkProtocol protocol, int familyHeaderLength) : IDisposable
{
    private readonly NetlinkSocket _socket = new(protocol);
    private uint _sequence;

    /// <summary>The number for the next request.</summary>
    public uint NextSequence() => ++_sequence;

    /// <summary>
    /// Sends <paramref name="message"/> and returns its replies: none for an acknowledged change, one for a
    /// query, all for a dump. A kernel error becomes a <see cref="NetlinkException"/> with its errno.
    /// </summary>
    public List<NetlinkReply> Exchange(byte[] message, bool dump)
    {
        var replies = new List<NetlinkReply>();
        Exchange(message, dump, replies.Add);
        return replies;
    }

    /// <summary>
    /// Sends a dump request and hands each reply to <paramref name="each"/> as it arrives, without keeping them: for
    /// dumps too large to hold (the conntrack table). A kernel error becomes a <see cref="NetlinkException"/>.
    /// </summary>
    public void Dump(byte[] message, Action<NetlinkReply> each) => Exchange(message, dump: true, each);

    private void Exchange(byte[] message, bool dump, Action<NetlinkReply> each)
    {
        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(8));
        _socket.Send(message);
        while (true)
        {
            var datagram = _socket.Receive();
            while (datagram.Length >= NetlinkHeaderLengths.Message)
            {
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
                var type = (NetlinkMessageType)BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
                var replySequence = BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]);
                if (length < NetlinkHeaderLengths.Message || length > datagram.Length)
                {
                    throw NetlinkException.Malformed($"malformed netlink message (length {length})");
                }
                var body = datagram[NetlinkHeaderLengths.Message..length];
                datagram = datagram[Math.Min((length + 3) & ~3, datagram.Length)..];
                if (replySequence != sequence)
                {
                    continue;   // a late reply to an earlier request
                }
                if (type == NetlinkMessageType.Done)
                {
                    return;
                }
                if (type == NetlinkMessageType.Error)
                {
                    var errno = -BinaryPrimitives.ReadInt32LittleEndian(body);
                    if (errno != 0)
                    {
                        throw new NetlinkException(errno);
                    }
                    return;   // errno 0: the acknowledgement of a change
                }
                var header = (familyHeaderLength + 3) & ~3;
                each(new NetlinkReply(body[..familyHeaderLength].ToArray(), new NetlinkAttributes(body[Math.Min(header, body.Length)..])));
                if (!dump)
                {
                    return;
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
