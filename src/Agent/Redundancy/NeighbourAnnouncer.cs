using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// <see cref="INeighbourAnnouncer"/> for IPv4 and IPv6: a gratuitous ARP request for IPv4 (sender and target both the
/// address, to the broadcast MAC, over a packet socket) and an unsolicited neighbour advertisement with the override
/// flag for IPv6 (to all nodes, hop limit 255 as RFC 4861 requires).
/// </summary>
internal sealed class NeighbourAnnouncer : INeighbourAnnouncer
{
    /// <inheritdoc />
    public void Announce(string device, IPAddress address)
    {
        var mac = NetworkDevice.HardwareAddress(device);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            SendArp(device, mac, address);
        }
        else
        {
            SendNeighbourAdvertisement(device, mac, address);
        }
    }

    private static void SendArp(string device, byte[] mac, IPAddress address)
    {
        const int length = ArpFrame.EthernetAddressLength;
        var frame = new byte[42];
        frame.AsSpan(0, length).Fill(0xff);                                                   // to everyone
        mac.CopyTo(frame, length);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), ArpFrame.EtherTypeArp);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), ArpFrame.HardwareEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), ArpFrame.EtherTypeIpv4);
        frame[18] = length;
        frame[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(20), ArpFrame.OperationRequest);
        mac.CopyTo(frame, 22);
        address.GetAddressBytes().CopyTo(frame, 28);
        address.GetAddressBytes().CopyTo(frame, 38);                                          // target hardware address (32..37) stays zero
        var index = NetworkDevice.IndexOf(device);
        try
        {
            using var socket = Sys.Socket(LinuxAddressFamily.Packet, BinaryPrimitives.ReverseEndianness(ArpFrame.EtherTypeArp));
            // struct sockaddr_ll: family, protocol, interface index, hardware type, packet type, address length, address.
            Span<byte> link = stackalloc byte[ArpFrame.LinkAddressLength];
            link.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(link, (ushort)LinuxAddressFamily.Packet);
            BinaryPrimitives.WriteUInt16BigEndian(link[2..], ArpFrame.EtherTypeArp);
            BinaryPrimitives.WriteInt32LittleEndian(link[4..], index);
            link[11] = length;
            frame.AsSpan(0, length).CopyTo(link[12..]);
            Sys.SendTo(socket, frame, link, $"sending a gratuitous ARP for {address} on {device}");
        }
        catch (SystemCallException e)
        {
            throw new FloatingAddressException($"cannot announce {address} on {device}: {e.Message}", e);
        }
    }

    private static void SendNeighbourAdvertisement(string device, byte[] mac, IPAddress address)
    {
        var message = new byte[32];
        message[0] = NeighbourAdvertisement.Type;                                               // the kernel fills in the checksum
        message[4] = NeighbourAdvertisement.OverrideFlag;                                       // replace what neighbours hold
        address.GetAddressBytes().CopyTo(message, 8);
        message[24] = NeighbourAdvertisement.TargetLinkAddressOption;
        message[25] = 1;                                                                        // option length in units of 8 bytes
        mac.CopyTo(message, 26);
        var index = NetworkDevice.IndexOf(device);
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
            // Neighbours drop discovery messages that crossed a router: hop limit 255, on the device's own link.
            socket.SetRawSocketOption(NeighbourAdvertisement.Ipv6Level, NeighbourAdvertisement.MulticastHops, BitConverter.GetBytes(255));
            socket.SetRawSocketOption(NeighbourAdvertisement.Ipv6Level, NeighbourAdvertisement.MulticastInterface, BitConverter.GetBytes(index));
            socket.Bind(new IPEndPoint(address, 0));
            socket.SendTo(message, new IPEndPoint(IPAddress.Parse("ff02::1"), 0));
        }
        catch (SocketException e)
        {
            throw new FloatingAddressException($"cannot send a neighbour advertisement for {address} on {device}: {e.Message}", e);
        }
    }
}
