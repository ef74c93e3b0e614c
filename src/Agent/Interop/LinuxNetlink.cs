namespace PiranhaNet.Agent.Interop;

/// <summary>Netlink protocols (linux/netlink.h, NETLINK_*).</summary>
internal enum NetlinkProtocol
{
    /// <summary>NETLINK_ROUTE: addresses, links (rtnetlink).</summary>
    Route = 0,
    /// <summary>NETLINK_NETFILTER: nfnetlink, whose subsystems include conntrack (ctnetlink).</summary>
    Netfilter = 12,
    /// <summary>NETLINK_GENERIC: families such as IPVS.</summary>
    Generic = 16,
}

/// <summary>The netlink message types every protocol shares (linux/netlink.h, NLMSG_*).</summary>
internal enum NetlinkMessageType : ushort
{
    /// <summary>NLMSG_ERROR: an error, or with errno 0 the acknowledgement of a change.</summary>
    Error = 2,
    /// <summary>NLMSG_DONE: the end of a dump.</summary>
    Done = 3,
}

/// <summary>Request flags (linux/netlink.h, NLM_F_*); some share bits and mean different things for gets and news.</summary>
[Flags]
internal enum NetlinkMessageFlags : ushort
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>NLM_F_REQUEST.</summary>
    Request = 0x1,
    /// <summary>NLM_F_ACK: answer a change with an acknowledgement.</summary>
    Acknowledge = 0x4,
    /// <summary>NLM_F_DUMP (NLM_F_ROOT | NLM_F_MATCH): every object, for a get.</summary>
    Dump = 0x300,
    /// <summary>NLM_F_EXCL: fail if it exists, for a new.</summary>
    Exclusive = 0x200,
    /// <summary>NLM_F_CREATE: create if it does not exist, for a new.</summary>
    Create = 0x400,
}

/// <summary>Bits of an attribute's type (linux/netlink.h, NLA_F_* and NLA_TYPE_MASK).</summary>
internal static class NetlinkAttributeBits
{
    /// <summary>NLA_F_NESTED: the attribute holds attributes.</summary>
    public const ushort Nested = 0x8000;

    /// <summary>NLA_F_NET_BYTEORDER.</summary>
    public const ushort NetworkByteOrder = 0x4000;

    /// <summary>NLA_TYPE_MASK: the type without those flags.</summary>
    public const ushort TypeMask = 0x3FFF;
}

/// <summary>Sizes of the fixed headers (linux/netlink.h, linux/genetlink.h, linux/if_addr.h).</summary>
internal static class NetlinkHeaderLengths
{
    /// <summary>struct nlmsghdr.</summary>
    public const int Message = 16;

    /// <summary>struct genlmsghdr (GENL_HDRLEN).</summary>
    public const int Generic = 4;

    /// <summary>struct ifaddrmsg.</summary>
    public const int InterfaceAddress = 8;

    /// <summary>struct sockaddr_nl.</summary>
    public const int SocketAddress = 12;
}

/// <summary>The generic-netlink controller (linux/genetlink.h), which resolves a family's id from its name.</summary>
internal static class GenericNetlinkController
{
    /// <summary>GENL_ID_CTRL.</summary>
    public const ushort Family = 0x10;

    /// <summary>CTRL_CMD_GETFAMILY.</summary>
    public const byte GetFamily = 3;

    /// <summary>CTRL_ATTR_FAMILY_ID.</summary>
    public const ushort AttributeFamilyId = 1;

    /// <summary>CTRL_ATTR_FAMILY_NAME.</summary>
    public const ushort AttributeFamilyName = 2;
}
