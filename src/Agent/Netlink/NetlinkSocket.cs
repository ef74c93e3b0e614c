using System.ComponentModel;
using System.Runtime.InteropServices;
using PiranhaNet.Agent.Dataplane;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// A netlink socket (AF_NETLINK, of a given protocol: NETLINK_GENERIC, NETLINK_ROUTE) opened through libc,
/// because .NET's Socket class does not offer the netlink family. Sends whole messages and receives whole datagrams. Not thread-safe.
/// </summary>
internal sealed partial class NetlinkSocket : IDisposable
{
    private const int AddressFamilyNetlink = 16;
    private const int SocketRaw = 3;
    private const int SocketCloseOnExec = 0x80000;
    private const int ReceiveBufferSize = 1 << 16;

    private readonly int _descriptor;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];

    /// <summary>Opens and binds a socket of <paramref name="protocol"/> (16 generic, 0 route).</summary>
    public NetlinkSocket(int protocol)
    {
        _descriptor = OpenSocket(AddressFamilyNetlink, SocketRaw | SocketCloseOnExec, protocol);
        if (_descriptor < 0)
        {
            throw new DataplaneException($"cannot open a netlink socket: {LastError()}");
        }
        // sockaddr_nl with pid 0: the kernel assigns this socket's port id.
        var address = new byte[12];
        BitConverter.TryWriteBytes(address.AsSpan(0, 2), (ushort)AddressFamilyNetlink);
        if (Bind(_descriptor, address, address.Length) < 0)
        {
            var error = LastError();
            Close(_descriptor);
            throw new DataplaneException($"cannot bind the netlink socket: {error}");
        }
    }

    /// <summary>Sends one message.</summary>
    public void Send(ReadOnlySpan<byte> message)
    {
        if (Send(_descriptor, message, message.Length, 0) != message.Length)
        {
            throw new DataplaneException($"netlink send failed: {LastError()}");
        }
    }

    /// <summary>Receives one datagram (one or more messages); the span is valid until the next call.</summary>
    public ReadOnlySpan<byte> Receive()
    {
        var length = Receive(_descriptor, _receiveBuffer, _receiveBuffer.Length, 0);
        if (length < 0)
        {
            throw new DataplaneException($"netlink receive failed: {LastError()}");
        }
        return _receiveBuffer.AsSpan(0, (int)length);
    }

    public void Dispose() => Close(_descriptor);

    private static string LastError() => new Win32Exception(Marshal.GetLastPInvokeError()).Message;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int OpenSocket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int socket, byte[] address, int addressLength);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int socket, ReadOnlySpan<byte> buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Receive(int socket, byte[] buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
