using System.Buffers.Binary;
using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PiranhaNet.Agent.Dataplane;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// Tells the neighbours that an address now lives on this director's device, so clients and routers stop
/// sending to the old active director at once instead of when their neighbour entry expires: a gratuitous ARP
/// request for IPv4 (sender and target both the address, to the broadcast MAC) and an unsolicited neighbour
/// advertisement with the override flag for IPv6 (to all nodes, hop limit 255 as RFC 4861 requires).
/// </summary>
internal static partial class AddressAnnouncer
{
    private const int AddressFamilyPacket = 17;
    private const int SocketRaw = 3;
    private const int SocketCloseOnExec = 0x80000;
    private const ushort EtherTypeArp = 0x0806;
    private const int Ipv6Level = 41, MulticastInterface = 17, MulticastHops = 18;

    /// <summary>Announces <paramref name="address"/> on <paramref name="device"/>; a <see cref="DataplaneException"/> says why it could not.</summary>
    public static void Announce(string device, IPAddress address)
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
        var frame = new byte[42];
        frame.AsSpan(0, 6).Fill(0xff);                           // to everyone
        mac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), EtherTypeArp);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), 1);        // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), 0x0800);   // IPv4
        frame[18] = 6;
        frame[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(20), 1);        // request: updates entries on hosts that ignore unsolicited replies
        mac.CopyTo(frame, 22);
        address.GetAddressBytes().CopyTo(frame, 28);
        address.GetAddressBytes().CopyTo(frame, 38);              // target hardware address (32..37) stays zero
        var descriptor = OpenSocket(AddressFamilyPacket, SocketRaw | SocketCloseOnExec, BinaryPrimitives.ReverseEndianness(EtherTypeArp));
        if (descriptor < 0)
        {
            throw new DataplaneException($"cannot open a packet socket to announce {address} on {device}: {LastError()}");
        }
        try
        {
            // sockaddr_ll: family, protocol, interface index, hardware type, packet type, address length, address.
            var link = new byte[20];
            BinaryPrimitives.WriteUInt16LittleEndian(link, AddressFamilyPacket);
            BinaryPrimitives.WriteUInt16BigEndian(link.AsSpan(2), EtherTypeArp);
            BinaryPrimitives.WriteInt32LittleEndian(link.AsSpan(4), NetworkDevice.IndexOf(device));
            link[11] = 6;
            frame.AsSpan(0, 6).CopyTo(link.AsSpan(12));
            if (SendTo(descriptor, frame, frame.Length, 0, link, link.Length) != frame.Length)
            {
                throw new DataplaneException($"cannot send a gratuitous ARP for {address} on {device}: {LastError()}");
            }
        }
        finally
        {
            Close(descriptor);
        }
    }

    private static void SendNeighbourAdvertisement(string device, byte[] mac, IPAddress address)
    {
        var message = new byte[32];
        message[0] = 136;                                          // neighbour advertisement; the kernel fills in the checksum
        message[4] = 0x20;                                         // override: replace what neighbours hold
        address.GetAddressBytes().CopyTo(message, 8);
        message[24] = 2;                                           // option: target link-layer address
        message[25] = 1;
        mac.CopyTo(message, 26);
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
            // IPV6_MULTICAST_HOPS 255 (neighbours drop discovery messages that crossed a router) and IPV6_MULTICAST_IF.
            socket.SetRawSocketOption(Ipv6Level, MulticastHops, BitConverter.GetBytes(255));
            socket.SetRawSocketOption(Ipv6Level, MulticastInterface, BitConverter.GetBytes(NetworkDevice.IndexOf(device)));
            socket.Bind(new IPEndPoint(address, 0));
            socket.SendTo(message, new IPEndPoint(IPAddress.Parse("ff02::1"), 0));
        }
        catch (SocketException e)
        {
            throw new DataplaneException($"cannot send a neighbour advertisement for {address} on {device}: {e.Message}");
        }
    }

    private static string LastError() => new Win32Exception(Marshal.GetLastPInvokeError()).Message;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int OpenSocket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int socket, byte[] buffer, nint length, int flags, byte[] address, int addressLength);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
