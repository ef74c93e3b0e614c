namespace PiranhaNet.Core.Model;

/// <summary>The cluster-wide settings of Piranha's GLOBAL SETTINGS page plus the keys without a page.</summary>
public sealed record GlobalSettingsConfig
{
    /// <summary>Primary director's public address (<c>primary</c>).</summary>
    public string Primary { get; init; } = "";

    /// <summary>Primary director's private (heartbeat) address (<c>primary_private</c>).</summary>
    public string? PrimaryPrivate { get; init; }

    /// <summary>Primary's shared SCSI device for fos reservations (<c>primary_shared</c>).</summary>
    public string? PrimaryShared { get; init; }

    /// <summary>Forwarding method (<c>network</c>, default nat).</summary>
    public NetworkType Network { get; init; } = NetworkType.Nat;

    /// <summary>Floating gateway address of the real servers in NAT mode (first word of <c>nat_router</c>).</summary>
    public string? NatRouterAddress { get; init; }

    /// <summary>Device of the NAT router address, e.g. <c>eth1:1</c> (second word of <c>nat_router</c>).</summary>
    public string? NatRouterDevice { get; init; }

    /// <summary>Netmask of the NAT router address (<c>nat_nmask</c>).</summary>
    public string? NatRouterNetmask { get; init; }

    /// <summary>The failover group the NAT router address moves with (<c>nat_router_group</c>, PiranhaNet extension), or null for the pair's.</summary>
    public string? NatRouterGroup { get; init; }

    /// <summary>Remote shell for load monitors (<c>rsh_command</c>, default rsh).</summary>
    public RemoteShell RshCommand { get; init; } = RemoteShell.Rsh;

    /// <summary>Action when the shared device is reserved by the peer (<c>reservation_conflict_action</c>).</summary>
    public ReservationConflictAction? ReservationConflictAction { get; init; }

    /// <summary>Daemon debug level (<c>debug_level</c>, default NONE).</summary>
    public string DebugLevel { get; init; } = "NONE";

    /// <summary>Command run when this director becomes active (<c>active_cmd</c>), without a shell.</summary>
    public string? ActiveCommand { get; init; }

    /// <summary>Command run when this director becomes inactive (<c>inactive_cmd</c>), without a shell.</summary>
    public string? InactiveCommand { get; init; }

    /// <summary>Stop the service when a monitor dies (<c>hard_shutdown</c>, default 1).</summary>
    public bool HardShutdown { get; init; } = true;

    /// <summary>Piranha's <c>sync</c> flag (parsed but unused by Piranha; kept for round trips).</summary>
    public bool Sync { get; init; }

    /// <summary>Path of ipvsadm (<c>ipvsadm</c>); null is the default /sbin/ipvsadm. PiranhaNet programs IPVS over netlink.</summary>
    public string? IpvsadmPath { get; init; }

    /// <summary>IPVS connection timeouts.</summary>
    public ConnectionTimeoutsConfig ConnectionTimeouts { get; init; } = new();

    /// <summary>IPVS connection sync daemon.</summary>
    public SyncDaemonConfig SyncDaemon { get; init; } = new();
}
