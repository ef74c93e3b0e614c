namespace PiranhaNet.Agent.Interop;

/// <summary>IPVS's generic-netlink family (linux/ip_vs.h, IPVS_GENL_*).</summary>
internal static class IpvsFamily
{
    /// <summary>IPVS_GENL_NAME.</summary>
    public const string Name = "IPVS";

    /// <summary>IPVS_GENL_VERSION.</summary>
    public const byte Version = 1;
}

/// <summary>IPVS commands (linux/ip_vs.h, IPVS_CMD_*).</summary>
internal enum IpvsCommand : byte
{
    /// <summary>IPVS_CMD_NEW_SERVICE.</summary>
    NewService = 1,
    /// <summary>IPVS_CMD_SET_SERVICE.</summary>
    SetService = 2,
    /// <summary>IPVS_CMD_DEL_SERVICE.</summary>
    DeleteService = 3,
    /// <summary>IPVS_CMD_GET_SERVICE.</summary>
    GetService = 4,
    /// <summary>IPVS_CMD_NEW_DEST.</summary>
    NewDestination = 5,
    /// <summary>IPVS_CMD_SET_DEST.</summary>
    SetDestination = 6,
    /// <summary>IPVS_CMD_DEL_DEST.</summary>
    DeleteDestination = 7,
    /// <summary>IPVS_CMD_GET_DEST.</summary>
    GetDestination = 8,
    /// <summary>IPVS_CMD_NEW_DAEMON.</summary>
    NewDaemon = 9,
    /// <summary>IPVS_CMD_DEL_DAEMON.</summary>
    DeleteDaemon = 10,
    /// <summary>IPVS_CMD_GET_DAEMON.</summary>
    GetDaemon = 11,
    /// <summary>IPVS_CMD_SET_CONFIG.</summary>
    SetConfig = 12,
    /// <summary>IPVS_CMD_GET_CONFIG.</summary>
    GetConfig = 13,
}

/// <summary>A command's top-level attributes (linux/ip_vs.h, IPVS_CMD_ATTR_*).</summary>
internal enum IpvsCommandAttribute : ushort
{
    /// <summary>IPVS_CMD_ATTR_SERVICE (nested).</summary>
    Service = 1,
    /// <summary>IPVS_CMD_ATTR_DEST (nested).</summary>
    Destination = 2,
    /// <summary>IPVS_CMD_ATTR_DAEMON (nested).</summary>
    Daemon = 3,
    /// <summary>IPVS_CMD_ATTR_TIMEOUT_TCP.</summary>
    TimeoutTcp = 4,
    /// <summary>IPVS_CMD_ATTR_TIMEOUT_TCP_FIN.</summary>
    TimeoutTcpFin = 5,
    /// <summary>IPVS_CMD_ATTR_TIMEOUT_UDP.</summary>
    TimeoutUdp = 6,
}

/// <summary>A service's attributes (linux/ip_vs.h, IPVS_SVC_ATTR_*).</summary>
internal enum IpvsServiceAttribute : ushort
{
    /// <summary>IPVS_SVC_ATTR_AF.</summary>
    AddressFamily = 1,
    /// <summary>IPVS_SVC_ATTR_PROTOCOL.</summary>
    Protocol = 2,
    /// <summary>IPVS_SVC_ATTR_ADDR (16 bytes; IPv4 in the first 4).</summary>
    Address = 3,
    /// <summary>IPVS_SVC_ATTR_PORT (network order).</summary>
    Port = 4,
    /// <summary>IPVS_SVC_ATTR_FWMARK.</summary>
    FirewallMark = 5,
    /// <summary>IPVS_SVC_ATTR_SCHED_NAME.</summary>
    SchedulerName = 6,
    /// <summary>IPVS_SVC_ATTR_FLAGS (struct ip_vs_flags: flags, mask).</summary>
    Flags = 7,
    /// <summary>IPVS_SVC_ATTR_TIMEOUT (persistence).</summary>
    Timeout = 8,
    /// <summary>IPVS_SVC_ATTR_NETMASK (persistence granularity).</summary>
    Netmask = 9,
    /// <summary>IPVS_SVC_ATTR_STATS64 (nested <see cref="IpvsStatsAttribute"/>).</summary>
    Stats64 = 12,
}

/// <summary>A destination's attributes (linux/ip_vs.h, IPVS_DEST_ATTR_*).</summary>
internal enum IpvsDestinationAttribute : ushort
{
    /// <summary>IPVS_DEST_ATTR_ADDR.</summary>
    Address = 1,
    /// <summary>IPVS_DEST_ATTR_PORT (network order).</summary>
    Port = 2,
    /// <summary>IPVS_DEST_ATTR_FWD_METHOD (<see cref="IpvsForwardingMethod"/>).</summary>
    ForwardingMethod = 3,
    /// <summary>IPVS_DEST_ATTR_WEIGHT.</summary>
    Weight = 4,
    /// <summary>IPVS_DEST_ATTR_U_THRESH.</summary>
    UpperThreshold = 5,
    /// <summary>IPVS_DEST_ATTR_L_THRESH.</summary>
    LowerThreshold = 6,
    /// <summary>IPVS_DEST_ATTR_ACTIVE_CONNS.</summary>
    ActiveConnections = 7,
    /// <summary>IPVS_DEST_ATTR_INACT_CONNS.</summary>
    InactiveConnections = 8,
    /// <summary>IPVS_DEST_ATTR_ADDR_FAMILY.</summary>
    AddressFamily = 11,
    /// <summary>IPVS_DEST_ATTR_STATS64 (nested <see cref="IpvsStatsAttribute"/>).</summary>
    Stats64 = 12,
}

/// <summary>A sync daemon's attributes (linux/ip_vs.h, IPVS_DAEMON_ATTR_*).</summary>
internal enum IpvsDaemonAttribute : ushort
{
    /// <summary>IPVS_DAEMON_ATTR_STATE (<see cref="IpvsDaemonState"/>).</summary>
    State = 1,
    /// <summary>IPVS_DAEMON_ATTR_MCAST_IFN.</summary>
    MulticastInterface = 2,
    /// <summary>IPVS_DAEMON_ATTR_SYNC_ID.</summary>
    SyncId = 3,
}

/// <summary>Counters and rates (linux/ip_vs.h, IPVS_STATS_ATTR_*), 64-bit in the STATS64 forms.</summary>
internal enum IpvsStatsAttribute : ushort
{
    /// <summary>IPVS_STATS_ATTR_CONNS.</summary>
    Connections = 1,
    /// <summary>IPVS_STATS_ATTR_INPKTS.</summary>
    InPackets = 2,
    /// <summary>IPVS_STATS_ATTR_OUTPKTS.</summary>
    OutPackets = 3,
    /// <summary>IPVS_STATS_ATTR_INBYTES.</summary>
    InBytes = 4,
    /// <summary>IPVS_STATS_ATTR_OUTBYTES.</summary>
    OutBytes = 5,
    /// <summary>IPVS_STATS_ATTR_CPS.</summary>
    ConnectionsPerSecond = 6,
    /// <summary>IPVS_STATS_ATTR_INPPS.</summary>
    InPacketsPerSecond = 7,
    /// <summary>IPVS_STATS_ATTR_OUTPPS.</summary>
    OutPacketsPerSecond = 8,
    /// <summary>IPVS_STATS_ATTR_INBPS.</summary>
    InBytesPerSecond = 9,
    /// <summary>IPVS_STATS_ATTR_OUTBPS.</summary>
    OutBytesPerSecond = 10,
}

/// <summary>Service flags (linux/ip_vs.h, IP_VS_SVC_F_*); the scheduler flags are in Core's SchedulerCatalog.</summary>
[Flags]
internal enum IpvsServiceFlags : uint
{
    /// <summary>IP_VS_SVC_F_PERSISTENT.</summary>
    Persistent = 0x1,
    /// <summary>IP_VS_SVC_F_HASHED: the kernel's own; never set or reported by the agent.</summary>
    Hashed = 0x2,
}

/// <summary>Forwarding methods (linux/ip_vs.h, IP_VS_CONN_F_* under IP_VS_CONN_F_FWD_MASK).</summary>
internal enum IpvsForwardingMethod : uint
{
    /// <summary>IP_VS_CONN_F_MASQ: NAT.</summary>
    Masquerade = 0,
    /// <summary>IP_VS_CONN_F_TUNNEL.</summary>
    Tunnel = 2,
    /// <summary>IP_VS_CONN_F_DROUTE: direct routing.</summary>
    DirectRoute = 3,
    /// <summary>IP_VS_CONN_F_FWD_MASK.</summary>
    Mask = 7,
}

/// <summary>Sync daemon states (linux/ip_vs.h, IP_VS_STATE_*).</summary>
internal enum IpvsDaemonState : uint
{
    /// <summary>IP_VS_STATE_MASTER.</summary>
    Master = 1,
    /// <summary>IP_VS_STATE_BACKUP.</summary>
    Backup = 2,
}
