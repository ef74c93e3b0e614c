using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Serialization.LvsText;

namespace PiranhaNet.Core.Serialization;

/// <summary>The top-level keys of lvs.cf, in the order Piranha's GUI writes them.</summary>
internal static class GlobalKeys
{
    public static IReadOnlyList<LvsKey<LvsConfig>> All { get; } =
    [
        new("serial_no", "serialNo", (c, v) => c with { SerialNo = v.Int() }, c => Int(c.SerialNo)),
        new("primary", "global.primary", (c, v) => G(c, g => g with { Primary = v.Text() }), c => NonEmptyWord(c.Global.Primary)),
        new("primary_private", "global.primaryPrivate", (c, v) => G(c, g => g with { PrimaryPrivate = v.Text() }), c => OptionalWord(c.Global.PrimaryPrivate)),
        new("primary_shared", "global.primaryShared", (c, v) => G(c, g => g with { PrimaryShared = v.Text() }), c => OptionalWord(c.Global.PrimaryShared)),
        new("service", "service", (c, v) => c with { Service = v.Enum<ServiceKind>() }, c => EnumName(c.Service)),
        new("rsh_command", "global.rshCommand", (c, v) => G(c, g => g with { RshCommand = v.Enum<RemoteShell>() }), c => EnumName(c.Global.RshCommand)),
        new("backup_active", "redundancy.enabled", (c, v) => R(c, r => r with { Enabled = v.Bool() }), c => Bool(c.Redundancy.Enabled)),
        new("backup", "redundancy.backup", (c, v) => R(c, r => r with { Backup = v.Text() }), c => OptionalWord(c.Redundancy.Backup)),
        new("backup_private", "redundancy.backupPrivate", (c, v) => R(c, r => r with { BackupPrivate = v.Text() }), c => OptionalWord(c.Redundancy.BackupPrivate)),
        new("backup_shared", "redundancy.backupShared", (c, v) => R(c, r => r with { BackupShared = v.Text() }), c => OptionalWord(c.Redundancy.BackupShared)),
        new("heartbeat", "redundancy.heartbeat", (c, v) => R(c, r => r with { Heartbeat = v.Bool() }), c => Bool(c.Redundancy.Heartbeat)),
        new("heartbeat_port", "redundancy.heartbeatPort", (c, v) => R(c, r => r with { HeartbeatPort = v.Port() }), c => Int(c.Redundancy.HeartbeatPort)),
        new("keepalive", "redundancy.keepalive", (c, v) => R(c, r => r with { Keepalive = v.Decimal() }), c => Decimal(c.Redundancy.Keepalive)),
        new("deadtime", "redundancy.deadtime", (c, v) => R(c, r => r with { Deadtime = v.Decimal() }), c => Decimal(c.Redundancy.Deadtime)),
        new("network", "global.network", (c, v) => G(c, g => g with { Network = v.Enum<NetworkType>() }), c => EnumName(c.Global.Network)),
        new("nat_router", "global.natRouterAddress", (c, v) => G(c, g => v.AddressAndDevice() is var (a, d) ? g with { NatRouterAddress = a, NatRouterDevice = d } : g),
            c => AddressWithDevice(c.Global.NatRouterAddress, c.Global.NatRouterDevice), SecondPath: "global.natRouterDevice"),
        new("nat_nmask", "global.natRouterNetmask", (c, v) => G(c, g => g with { NatRouterNetmask = v.Text() }), c => OptionalWord(c.Global.NatRouterNetmask)),
        new("reservation_conflict_action", "global.reservationConflictAction",
            (c, v) => G(c, g => g with { ReservationConflictAction = v.Enum<ReservationConflictAction>() }),
            c => c.Global.ReservationConflictAction is { } a ? EnumName(a) : null),
        new("debug_level", "global.debugLevel", (c, v) => G(c, g => g with { DebugLevel = v.Text() }), c => Word(c.Global.DebugLevel)),
        new("active_cmd", "global.activeCommand", (c, v) => G(c, g => g with { ActiveCommand = v.Text() }), c => OptionalQuoted(c.Global.ActiveCommand)),
        new("inactive_cmd", "global.inactiveCommand", (c, v) => G(c, g => g with { InactiveCommand = v.Text() }), c => OptionalQuoted(c.Global.InactiveCommand)),
        new("monitor_links", "redundancy.monitorLinks", (c, v) => R(c, r => r with { MonitorLinks = v.Bool() }), c => Bool(c.Redundancy.MonitorLinks)),
        new("syncdaemon", "global.syncDaemon.enabled", (c, v) => S(c, s => s with { Enabled = v.Bool() }), c => Bool(c.Global.SyncDaemon.Enabled)),
        new("syncd_iface", "global.syncDaemon.interface", (c, v) => S(c, s => s with { Interface = v.Text() }),
            c => c.Global.SyncDaemon.Interface == new SyncDaemonConfig().Interface ? null : Word(c.Global.SyncDaemon.Interface)),
        new("syncd_id", "global.syncDaemon.id", (c, v) => S(c, s => s with { Id = v.Int() }), c => NonZero(c.Global.SyncDaemon.Id)),
        new("tcp_timeout", "global.connectionTimeouts.tcp", (c, v) => T(c, t => t with { Tcp = v.Int() }), c => NonZero(c.Global.ConnectionTimeouts.Tcp)),
        new("tcpfin_timeout", "global.connectionTimeouts.tcpFin", (c, v) => T(c, t => t with { TcpFin = v.Int() }), c => NonZero(c.Global.ConnectionTimeouts.TcpFin)),
        new("udp_timeout", "global.connectionTimeouts.udp", (c, v) => T(c, t => t with { Udp = v.Int() }), c => NonZero(c.Global.ConnectionTimeouts.Udp)),
        new("hard_shutdown", "global.hardShutdown", (c, v) => G(c, g => g with { HardShutdown = v.Bool() }), c => c.Global.HardShutdown ? null : Bool(false)),
        new("sync", "global.sync", (c, v) => G(c, g => g with { Sync = v.Bool() }), c => c.Global.Sync ? Bool(true) : null),
        new("ipvsadm", "global.ipvsadmPath", (c, v) => G(c, g => g with { IpvsadmPath = v.Text() }), c => OptionalWord(c.Global.IpvsadmPath)),
        new("auto_failback", "redundancy.autoFailback", (c, v) => R(c, r => r with { AutoFailback = v.Bool() }),
            c => c.Redundancy.AutoFailback ? null : Bool(false), Extension: true),
        new("primary_name", "redundancy.primaryName", (c, v) => R(c, r => r with { PrimaryName = v.Text() }),
            c => c.Redundancy.PrimaryName == RedundancyConfig.DefaultPrimaryName ? null : Word(c.Redundancy.PrimaryName), Extension: true),
        new("backup_name", "redundancy.backupName", (c, v) => R(c, r => r with { BackupName = v.Text() }),
            c => c.Redundancy.BackupName == RedundancyConfig.DefaultBackupName ? null : Word(c.Redundancy.BackupName), Extension: true),
        new("quorum", "redundancy.quorum", (c, v) => R(c, r => r with { Quorum = v.Enum<QuorumPolicy>() }),
            c => c.Redundancy.Quorum == QuorumPolicy.Auto ? null : EnumName(c.Redundancy.Quorum), Extension: true),
        new("warntime", "redundancy.warnTime", (c, v) => R(c, r => r with { WarnTime = v.Decimal() }),
            c => c.Redundancy.WarnTime == 0 ? null : Decimal(c.Redundancy.WarnTime), Extension: true),
        new("initdead", "redundancy.initDead", (c, v) => R(c, r => r with { InitDead = v.Decimal() }),
            c => c.Redundancy.InitDead == 0 ? null : Decimal(c.Redundancy.InitDead), Extension: true),
        new("multicast", "redundancy.multicast", (c, v) => R(c, r => r with { Multicast = v.Text() }),
            c => OptionalWord(c.Redundancy.Multicast), Extension: true),
        new("nat_router_group", "global.natRouterGroup", (c, v) => G(c, g => g with { NatRouterGroup = v.Text() }),
            c => OptionalWord(c.Global.NatRouterGroup), Extension: true),
    ];

    private static LvsConfig G(LvsConfig c, Func<GlobalSettingsConfig, GlobalSettingsConfig> change) => c with { Global = change(c.Global) };

    private static LvsConfig R(LvsConfig c, Func<RedundancyConfig, RedundancyConfig> change) => c with { Redundancy = change(c.Redundancy) };

    private static LvsConfig S(LvsConfig c, Func<SyncDaemonConfig, SyncDaemonConfig> change) =>
        G(c, g => g with { SyncDaemon = change(g.SyncDaemon) });

    private static LvsConfig T(LvsConfig c, Func<ConnectionTimeoutsConfig, ConnectionTimeoutsConfig> change) =>
        G(c, g => g with { ConnectionTimeouts = change(g.ConnectionTimeouts) });

    internal static string? NonEmptyWord(string value) => value.Length == 0 ? null : Word(value);

    internal static string? OptionalWord(string? value) => value is null ? null : Word(value);

    internal static string? OptionalQuoted(string? value) => value is null ? null : Quote(value);

    internal static string? NonZero(int value) => value == 0 ? null : Int(value);

    internal static string? AddressWithDevice(string? address, string? device) =>
        address is null ? null : device is null ? Word(address) : $"{Word(address)} {Word(device)}";
}
