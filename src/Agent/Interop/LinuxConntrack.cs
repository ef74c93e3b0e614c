namespace PiranhaNet.Agent.Interop;

/// <summary>ctnetlink, conntrack over nfnetlink (linux/netfilter/nfnetlink.h and nfnetlink_conntrack.h).</summary>
internal static class Ctnetlink
{
    /// <summary>IPCTNL_MSG_CT_GET in subsystem NFNL_SUBSYS_CTNETLINK (1): (subsystem &lt;&lt; 8) | message.</summary>
    public const ushort GetConnections = (1 << 8) | 1;

    /// <summary>struct nfgenmsg: family, version (NFNETLINK_V0), resource id.</summary>
    public const int HeaderLength = 4;

    /// <summary>IPS_DST_NAT (linux/netfilter/nf_conntrack_common.h): the connection's destination was translated.</summary>
    public const uint StatusDestinationNat = 1 << 5;

    /// <summary>TCP_CONNTRACK_ESTABLISHED (linux/netfilter/nf_conntrack_tcp.h).</summary>
    public const byte TcpEstablished = 3;

    /// <summary>IPPROTO_TCP.</summary>
    public const byte ProtocolTcp = 6;
}

/// <summary>A connection's attributes (enum ctattr_type, CTA_*); numbers are big-endian.</summary>
internal enum ConntrackAttribute : ushort
{
    /// <summary>CTA_TUPLE_ORIG: the original direction (client to service).</summary>
    TupleOriginal = 1,
    /// <summary>CTA_TUPLE_REPLY: the reply direction (real server to client).</summary>
    TupleReply = 2,
    /// <summary>CTA_STATUS: IPS_* bits.</summary>
    Status = 3,
    /// <summary>CTA_PROTOINFO: the protocol's state (nested).</summary>
    ProtocolInfo = 4,
    /// <summary>CTA_MARK: the connection mark.</summary>
    Mark = 8,
}

/// <summary>A tuple's parts (enum ctattr_tuple, CTA_TUPLE_*).</summary>
internal enum ConntrackTupleAttribute : ushort
{
    /// <summary>CTA_TUPLE_IP: the addresses (nested <see cref="ConntrackAddressAttribute"/>).</summary>
    Addresses = 1,
    /// <summary>CTA_TUPLE_PROTO: protocol and ports (nested <see cref="ConntrackProtocolAttribute"/>).</summary>
    Protocol = 2,
}

/// <summary>A tuple's addresses (enum ctattr_ip, CTA_IP_*).</summary>
internal enum ConntrackAddressAttribute : ushort
{
    /// <summary>CTA_IP_V4_SRC.</summary>
    V4Source = 1,
    /// <summary>CTA_IP_V4_DST.</summary>
    V4Destination = 2,
    /// <summary>CTA_IP_V6_SRC.</summary>
    V6Source = 3,
    /// <summary>CTA_IP_V6_DST.</summary>
    V6Destination = 4,
}

/// <summary>A tuple's protocol (enum ctattr_l4proto, CTA_PROTO_*).</summary>
internal enum ConntrackProtocolAttribute : ushort
{
    /// <summary>CTA_PROTO_NUM: IPPROTO_* (one byte).</summary>
    Number = 1,
    /// <summary>CTA_PROTO_SRC_PORT.</summary>
    SourcePort = 2,
    /// <summary>CTA_PROTO_DST_PORT.</summary>
    DestinationPort = 3,
}

/// <summary>Protocol state (enum ctattr_protoinfo and ctattr_protoinfo_tcp).</summary>
internal enum ConntrackProtocolInfoAttribute : ushort
{
    /// <summary>CTA_PROTOINFO_TCP: TCP's state (nested).</summary>
    Tcp = 1,
    /// <summary>CTA_PROTOINFO_TCP_STATE, inside <see cref="Tcp"/>: a TCP_CONNTRACK_* byte.</summary>
    TcpState = 1,
}
