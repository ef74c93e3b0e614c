using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// A netlink socket (AF_NETLINK, of a given protocol: NETLINK_GENERIC, NETLINK_ROUTE), opened through
/// <see cref="Sys"/> because .NET's Socket class does not offer the netlink family. Sends whole messages and
/// receives whole datagrams. Not thread-safe.
/// </summary>
internal sealed class NetlinkSocket : IDisposable
{
    private const int ReceiveBufferSize = 1 << 16;

    private readonly FileDescriptor _descriptor;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];

    /// <summary>Opens and binds a socket of <paramref name="protocol"/>.</summary>
    public NetlinkSocket(NetlinkProtocol protocol)
    {
        _descriptor = Sys.Socket(LinuxAddressFamily.Netlink, (int)protocol);
        try
        {
            // sockaddr_nl with pid 0: the kernel assigns this socket's port id.
            Span<byte> address = stackalloc byte[NetlinkHeaderLengths.SocketAddress];
            address.Clear();
            BitConverter.TryWriteBytes(address, (ushort)LinuxAddressFamily.Netlink);
            Sys.Bind(_descriptor, address);
        }
        catch
        {
            _descriptor.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message.</summary>
    public void Send(ReadOnlySpan<byte> message) => Sys.Send(_descriptor, message, "netlink send failed");

    /// <summary>Receives one datagram (one or more messages); the span is valid until the next call.</summary>
    public ReadOnlySpan<byte> Receive() => _receiveBuffer.AsSpan(0, Sys.Receive(_descriptor, _receiveBuffer, "netlink receive failed"));

    public void Dispose() => _descriptor.Dispose();
}
