using System.ComponentModel;

namespace PiranhaNet.Agent.Netlink;

/// <summary>The kernel refused a netlink request; <see cref="Errno"/> is its reason (EEXIST, ENOENT, EINVAL...).</summary>
internal sealed class NetlinkException(int errno) : Exception(new Win32Exception(errno).Message)
{
    public int Errno { get; } = errno;
}
