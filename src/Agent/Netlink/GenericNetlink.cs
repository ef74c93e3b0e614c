using System.Buffers.Binary;
using PiranhaNet.Agent.Dataplane;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// Request and reply over one generic-netlink family: resolves the family id by name through the netlink
/// controller, numbers requests, waits for the kernel's acknowledgement (or error) and gathers dump replies.
/// Not thread-safe.
/// </summary>
internal sealed class GenericNetlink : IDisposable
{
    private const ushort ControllerFamily = 0x10;
    private const byte ControllerGetFamily = 3;
    private const ushort ControllerFamilyId = 1;
    private const ushort ControllerFamilyName = 2;
    private const ushort MessageError = 2;
    private const ushort MessageDone = 3;
    private const int HeaderLength = 20;   // nlmsghdr (16) + genlmsghdr (4)

    private readonly NetlinkSocket _socket = new();
    private readonly byte _version;
    private uint _sequence;

    public GenericNetlink(string familyName, byte version)
    {
        _version = version;
        var request = new NetlinkMessageWriter(ControllerFamily, NetlinkMessageWriter.FlagRequest, ++_sequence, ControllerGetFamily, 1)
            .String(ControllerFamilyName, familyName);
        try
        {
            var reply = Exchange(request.ToArray(), dump: false, missing: $"the kernel has no generic netlink family {familyName}");
            Family = reply.Single().U16(ControllerFamilyId);
        }
        catch
        {
            _socket.Dispose();   // the object is never handed out, so nobody else would close it
            throw;
        }
    }

    /// <summary>The family's id in this kernel.</summary>
    public ushort Family { get; }

    /// <summary>
    /// A request to the family with attributes added by the caller: a change (acknowledged), a query for one
    /// object (<paramref name="query"/>: answered by the object itself) or a dump of many.
    /// </summary>
    public NetlinkMessageWriter Request(byte command, bool dump = false, bool query = false) =>
        new(Family, (ushort)(NetlinkMessageWriter.FlagRequest | (dump ? NetlinkMessageWriter.FlagDump : query ? 0 : NetlinkMessageWriter.FlagAcknowledge)), ++_sequence, command, _version);

    /// <summary>Sends a change and waits for its acknowledgement; a kernel error becomes a <see cref="NetlinkException"/>.</summary>
    public void Execute(NetlinkMessageWriter request) => Exchange(request.ToArray(), dump: false, missing: null);

    /// <summary>Sends a query for one object and returns its reply.</summary>
    public NetlinkAttributes? Ask(NetlinkMessageWriter request) => Exchange(request.ToArray(), dump: false, missing: null).SingleOrDefault();

    /// <summary>Sends a dump request and returns the attributes of every reply message.</summary>
    public IReadOnlyList<NetlinkAttributes> Dump(NetlinkMessageWriter request) => Exchange(request.ToArray(), dump: true, missing: null);

    public void Dispose() => _socket.Dispose();

    private List<NetlinkAttributes> Exchange(byte[] message, bool dump, string? missing)
    {
        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(8));
        _socket.Send(message);
        var replies = new List<NetlinkAttributes>();
        while (true)
        {
            var datagram = _socket.Receive();
            while (datagram.Length >= 16)
            {
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
                var replySequence = BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]);
                if (length < 16 || length > datagram.Length)
                {
                    throw new DataplaneException($"malformed netlink message (length {length})");
                }
                var body = datagram[16..length];
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
                replies.Add(new NetlinkAttributes(body[(HeaderLength - 16)..]));
                if (!dump)
                {
                    return replies;
                }
            }
        }
    }
}
