using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Netlink;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// The addresses of a network device over rtnetlink (NETLINK_ROUTE), as <c>ip addr add/del</c> does: what an
/// active director adds for each virtual IP (and the NAT router address) and removes when it steps down. A
/// label such as <c>eth0:1</c> keeps Piranha's interface aliases visible. Not thread-safe.
/// </summary>
internal sealed class InterfaceAddresses : IDisposable
{
    private const int NetlinkRoute = 0;
    private const int AddressMessageLength = 8;   // ifaddrmsg
    private const ushort NewAddress = 20, DeleteAddress = 21, GetAddress = 22;
    private const ushort AttributeAddress = 1, AttributeLocal = 2, AttributeLabel = 3;
    private const byte NoDuplicateDetection = 0x02;   // IFA_F_NODAD
    private const int NoSuchAddress = 99;    // EADDRNOTAVAIL, for deleting an address that is not there
    private const int AlreadyExists = 17;    // EEXIST, for adding one that is

    private readonly NetlinkConversation _conversation = new(NetlinkRoute, AddressMessageLength);

    /// <summary>Adds <paramref name="address"/>/<paramref name="prefix"/> to <paramref name="device"/>; already there is fine.</summary>
    public void Add(string device, IPAddress address, int prefix, string? label = null)
    {
        var request = Request(NewAddress, NetlinkMessageWriter.FlagCreate | NetlinkMessageWriter.FlagExclusive, device, address, prefix)
            .Bytes(AttributeLocal, address.GetAddressBytes())
            .Bytes(AttributeAddress, address.GetAddressBytes());
        if (label is not null && address.AddressFamily == AddressFamily.InterNetwork)
        {
            request.String(AttributeLabel, label);
        }
        Change(request, AlreadyExists, $"adding {address}/{prefix} to {device}");
    }

    /// <summary>Removes <paramref name="address"/>/<paramref name="prefix"/> from <paramref name="device"/>; already gone is fine.</summary>
    public void Remove(string device, IPAddress address, int prefix) =>
        Change(Request(DeleteAddress, 0, device, address, prefix).Bytes(AttributeLocal, address.GetAddressBytes()).Bytes(AttributeAddress, address.GetAddressBytes()),
            NoSuchAddress, $"removing {address}/{prefix} from {device}");

    /// <summary>The addresses <paramref name="device"/> holds now.</summary>
    public IReadOnlyList<IPAddress> List(string device)
    {
        var index = NetworkDevice.IndexOf(device);
        Span<byte> header = stackalloc byte[AddressMessageLength];
        var request = new NetlinkMessageWriter(GetAddress, NetlinkMessageWriter.FlagRequest | NetlinkMessageWriter.FlagDump, _conversation.NextSequence(), header);
        return [.. _conversation.Exchange(request.ToArray(), dump: true)
            .Where(reply => BinaryPrimitives.ReadInt32LittleEndian(reply.Header.AsSpan(4)) == index)
            .Select(reply => reply.Attributes.Has(AttributeLocal) ? reply.Attributes.Bytes(AttributeLocal) : reply.Attributes.Bytes(AttributeAddress))
            .Select(bytes => new IPAddress(bytes))];
    }

    public void Dispose() => _conversation.Dispose();

    private NetlinkMessageWriter Request(ushort type, ushort flags, string device, IPAddress address, int prefix)
    {
        Span<byte> header = stackalloc byte[AddressMessageLength];
        header[0] = (byte)(address.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2);
        header[1] = (byte)prefix;
        // IPv6: no duplicate address detection, so the address is usable (and announceable) at once, not tentative.
        header[2] = (byte)(address.AddressFamily == AddressFamily.InterNetworkV6 ? NoDuplicateDetection : 0);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], NetworkDevice.IndexOf(device));
        return new NetlinkMessageWriter(type, (ushort)(NetlinkMessageWriter.FlagRequest | NetlinkMessageWriter.FlagAcknowledge | flags), _conversation.NextSequence(), header);
    }

    // A change whose "already so" error is success: adding what is there, removing what is gone.
    private void Change(NetlinkMessageWriter request, int alreadySo, string what)
    {
        try
        {
            _conversation.Exchange(request.ToArray(), dump: false);
        }
        catch (NetlinkException e) when (e.Errno == alreadySo)
        {
        }
        catch (NetlinkException e)
        {
            throw new DataplaneException($"{what}: {e.Message}", e);
        }
    }

}
