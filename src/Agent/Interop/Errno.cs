namespace PiranhaNet.Agent.Interop;

/// <summary>The errno values the agent tells apart (asm-generic/errno-base.h and asm-generic/errno.h).</summary>
internal enum Errno
{
    /// <summary>ENOENT: no such object (a generic-netlink family, a destination).</summary>
    NoEntry = 2,
    /// <summary>ESRCH: IPVS's answer for a service or sync daemon it does not have.</summary>
    NoSuchProcess = 3,
    /// <summary>EEXIST: adding what is already there.</summary>
    Exists = 17,
    /// <summary>EINVAL: a request the kernel does not accept.</summary>
    Invalid = 22,
    /// <summary>EPROTO: a reply that breaks the netlink protocol (malformed, truncated).</summary>
    Protocol = 71,
    /// <summary>EADDRNOTAVAIL: removing an address the device does not hold.</summary>
    AddressNotAvailable = 99,
}
