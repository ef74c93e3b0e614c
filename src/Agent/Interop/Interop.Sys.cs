using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PiranhaNet.Agent.Interop;

/// <summary>
/// Every system call the agent makes itself, because .NET offers no managed form of it: netlink sockets
/// (AF_NETLINK), packet sockets for gratuitous ARP (AF_PACKET) and interface indexes. The raw imports are private;
/// the wrappers turn a failure into a <see cref="SystemCallException"/> carrying the errno. Only this class imports
/// from libc.
/// </summary>
internal static partial class Sys
{
    private const string Libc = "libc";

    /// <summary>Opens a socket, close-on-exec.</summary>
    public static FileDescriptor Socket(LinuxAddressFamily family, int protocol)
    {
        var descriptor = OpenSocket((int)family, (int)(LinuxSocketType.Raw | LinuxSocketType.CloseOnExec), protocol);
        return descriptor.IsInvalid ? throw Failure($"cannot open a {family} socket", descriptor) : descriptor;
    }

    /// <summary>Binds a socket to the address bytes (a sockaddr of the socket's family).</summary>
    public static void Bind(FileDescriptor socket, ReadOnlySpan<byte> address)
    {
        if (BindRaw(socket, address, address.Length) < 0)
        {
            throw Failure("cannot bind the socket");
        }
    }

    /// <summary>Sends one whole message on a connected or bound socket.</summary>
    public static void Send(FileDescriptor socket, ReadOnlySpan<byte> message, string what)
    {
        if (SendRaw(socket, message, message.Length, 0) != message.Length)
        {
            throw Failure(what);
        }
    }

    /// <summary>Sends one whole frame to <paramref name="address"/> (a sockaddr of the socket's family).</summary>
    public static void SendTo(FileDescriptor socket, ReadOnlySpan<byte> frame, ReadOnlySpan<byte> address, string what)
    {
        if (SendToRaw(socket, frame, frame.Length, 0, address, address.Length) != frame.Length)
        {
            throw Failure(what);
        }
    }

    /// <summary>Receives one datagram into <paramref name="buffer"/>; its length.</summary>
    public static int Receive(FileDescriptor socket, Span<byte> buffer, string what)
    {
        var length = ReceiveRaw(socket, buffer, buffer.Length, 0);
        return length < 0 ? throw Failure(what) : (int)length;
    }

    /// <summary>The index of the network device <paramref name="name"/> in this thread's namespace, or 0 when there is none.</summary>
    public static int InterfaceIndex(string name) => (int)InterfaceIndexRaw(name);

    /// <summary>Closes a descriptor; called by <see cref="FileDescriptor"/> only.</summary>
    internal static bool Close(int descriptor) => CloseRaw(descriptor) == 0;

    private static SystemCallException Failure(string what, FileDescriptor? failed = null)
    {
        var errno = Marshal.GetLastPInvokeError();
        failed?.Dispose();
        return new SystemCallException(errno, $"{what}: {new Win32Exception(errno).Message}");
    }

    [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
    private static partial FileDescriptor OpenSocket(int domain, int type, int protocol);

    [LibraryImport(Libc, EntryPoint = "bind", SetLastError = true)]
    private static partial int BindRaw(FileDescriptor socket, ReadOnlySpan<byte> address, int addressLength);

    [LibraryImport(Libc, EntryPoint = "send", SetLastError = true)]
    private static partial nint SendRaw(FileDescriptor socket, ReadOnlySpan<byte> buffer, nint length, int flags);

    [LibraryImport(Libc, EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendToRaw(FileDescriptor socket, ReadOnlySpan<byte> buffer, nint length, int flags, ReadOnlySpan<byte> address, int addressLength);

    [LibraryImport(Libc, EntryPoint = "recv", SetLastError = true)]
    private static partial nint ReceiveRaw(FileDescriptor socket, Span<byte> buffer, nint length, int flags);

    [LibraryImport(Libc, EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint InterfaceIndexRaw(string name);

    [LibraryImport(Libc, EntryPoint = "close")]
    private static partial int CloseRaw(int descriptor);
}
