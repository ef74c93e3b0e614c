using System.ComponentModel;
using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Netlink;

/// <summary>
/// The kernel refused a netlink request, or its reply broke the protocol (<see cref="Errno.Protocol"/>). The one
/// exception of the netlink layer; the small interfaces above it (the IPVS client, floating addresses) translate it.
/// </summary>
internal sealed class NetlinkException(int errno, string? message = null) : SystemCallException(errno, message ?? new Win32Exception(errno).Message)
{
    /// <summary>A reply that breaks the protocol, described by <paramref name="message"/>.</summary>
    public static NetlinkException Malformed(string message) => new((int)Interop.Errno.Protocol, message);
}
