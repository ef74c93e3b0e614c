namespace PiranhaNet.Agent.Interop;

/// <summary>Address families (linux/socket.h), as the kernel numbers them in sockaddr and netlink headers.</summary>
internal enum LinuxAddressFamily : ushort
{
    /// <summary>AF_INET.</summary>
    Inet = 2,
    /// <summary>AF_INET6.</summary>
    Inet6 = 10,
    /// <summary>AF_NETLINK.</summary>
    Netlink = 16,
    /// <summary>AF_PACKET.</summary>
    Packet = 17,
}

/// <summary>Socket types and their flags (bits/socket_type.h).</summary>
[Flags]
internal enum LinuxSocketType
{
    /// <summary>SOCK_RAW.</summary>
    Raw = 3,
    /// <summary>SOCK_CLOEXEC: not inherited by the commands the agent runs.</summary>
    CloseOnExec = 0x80000,
}

/// <summary>The address families of <see cref="System.Net.Sockets.AddressFamily"/> as the kernel numbers them.</summary>
internal static class LinuxAddressFamilies
{
    /// <summary>AF_INET or AF_INET6 for an IPv4 or IPv6 family.</summary>
    public static LinuxAddressFamily Of(System.Net.Sockets.AddressFamily family) =>
        family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? LinuxAddressFamily.Inet6 : LinuxAddressFamily.Inet;

    /// <summary>The IPv4 or IPv6 family of AF_INET or AF_INET6.</summary>
    public static System.Net.Sockets.AddressFamily ToManaged(ushort family) =>
        family == (ushort)LinuxAddressFamily.Inet6 ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork;
}
