using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Interop;
using PiranhaNet.Agent.Netlink;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// <see cref="IFloatingAddresses"/> over rtnetlink (NETLINK_ROUTE; linux/rtnetlink.h, linux/if_addr.h). A label
/// such as <c>eth0:1</c> keeps Piranha's interface aliases visible. Netlink errors are translated here into
/// <see cref="FloatingAddressException"/>s naming the change. Not thread-safe.
/// </summary>
internal sealed class RtnetlinkAddresses : IFloatingAddresses
{
    private readonly NetlinkConversation _conversation;

    private RtnetlinkAddresses(NetlinkConversation conversation) => _conversation = conversation;

    /// <summary>Opens an rtnetlink socket.</summary>
    public static RtnetlinkAddresses Open()
    {
        try
        {
            return new RtnetlinkAddresses(new NetlinkConversation(NetlinkProtocol.Route, NetlinkHeaderLengths.InterfaceAddress));
        }
        catch (SystemCallException e)
        {
            throw new FloatingAddressException($"cannot open an rtnetlink socket: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Add(string device, IPAddress address, int prefix, string? label = null)
    {
        var what = $"adding {address}/{prefix} to {device}";
        var request = Request(RtnetlinkMessageType.NewAddress, NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, device, address, prefix, what)
            .Bytes(InterfaceAddressAttribute.Local, address.GetAddressBytes())
            .Bytes(InterfaceAddressAttribute.Address, address.GetAddressBytes());
        if (label is not null && address.AddressFamily == AddressFamily.InterNetwork)
        {
            request.String(InterfaceAddressAttribute.Label, label);
        }
        Change(request, Errno.Exists, what);
    }

    /// <inheritdoc />
    public void Remove(string device, IPAddress address, int prefix)
    {
        var what = $"removing {address}/{prefix} from {device}";
        Change(Request(RtnetlinkMessageType.DeleteAddress, NetlinkMessageFlags.None, device, address, prefix, what)
                .Bytes(InterfaceAddressAttribute.Local, address.GetAddressBytes())
                .Bytes(InterfaceAddressAttribute.Address, address.GetAddressBytes()),
            Errno.AddressNotAvailable, what);
    }

    /// <inheritdoc />
    public IReadOnlyList<IPAddress> List(string device)
    {
        var index = NetworkDevice.IndexOf(device);
        Span<byte> header = stackalloc byte[NetlinkHeaderLengths.InterfaceAddress];
        header.Clear();
        var request = new NetlinkMessageWriter((ushort)RtnetlinkMessageType.GetAddress, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump,
            _conversation.NextSequence(), header);
        try
        {
            return [.. _conversation.Exchange(request.ToArray(), dump: true)
                .Where(reply => BinaryPrimitives.ReadInt32LittleEndian(reply.Header.AsSpan(4)) == index)
                .Select(reply => reply.Attributes.Has(InterfaceAddressAttribute.Local)
                    ? reply.Attributes.Bytes(InterfaceAddressAttribute.Local)
                    : reply.Attributes.Bytes(InterfaceAddressAttribute.Address))
                .Select(bytes => new IPAddress(bytes))];
        }
        catch (SystemCallException e)
        {
            throw new FloatingAddressException($"listing the addresses of {device}: {e.Message}", e);
        }
    }

    public void Dispose() => _conversation.Dispose();

    // struct ifaddrmsg: family, prefix length, flags, scope, interface index.
    private NetlinkMessageWriter Request(RtnetlinkMessageType type, NetlinkMessageFlags flags, string device, IPAddress address, int prefix, string what)
    {
        Span<byte> header = stackalloc byte[NetlinkHeaderLengths.InterfaceAddress];
        header.Clear();
        header[0] = (byte)LinuxAddressFamilies.Of(address.AddressFamily);
        header[1] = (byte)prefix;
        // IPv6: no duplicate address detection, so the address is usable (and announceable) at once, not tentative.
        header[2] = (byte)(address.AddressFamily == AddressFamily.InterNetworkV6 ? InterfaceAddressFlags.NoDuplicateDetection : InterfaceAddressFlags.None);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], NetworkDevice.IndexOf(device));
        return new NetlinkMessageWriter((ushort)type, NetlinkMessageFlags.Request | NetlinkMessageFlags.Acknowledge | flags, _conversation.NextSequence(), header);
    }

    // A change whose "already so" error is success: adding what is there, removing what is gone.
    private void Change(NetlinkMessageWriter request, Errno alreadySo, string what)
    {
        try
        {
            _conversation.Exchange(request.ToArray(), dump: false);
        }
        catch (NetlinkException e) when (e.Is(alreadySo))
        {
        }
        catch (SystemCallException e)
        {
            throw new FloatingAddressException($"{what}: {e.Message}", e);
        }
    }
}
