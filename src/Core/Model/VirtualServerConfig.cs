using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Core.Model;

/// <summary>One IPVS virtual service (lvs.cf <c>virtual NAME { ... }</c>). Defaults are Piranha's.</summary>
public sealed record VirtualServerConfig
{
    /// <summary>Unique name; also the lvs.cf block name.</summary>
    public required string Name { get; init; }

    /// <summary>Whether the service is in the table (<c>active</c>); new services start inactive, as in Piranha.</summary>
    public bool Active { get; init; }

    /// <summary>Virtual IP, IPv4 or IPv6 (first word of <c>address</c>).</summary>
    public string Address { get; init; } = "";

    /// <summary>Device the VIP is added to, e.g. <c>eth0:1</c> (second word of <c>address</c>); null when not given.</summary>
    public string? Device { get; init; }

    /// <summary>Netmask of the VIP (<c>vip_nmask</c>): dotted IPv4 mask or a prefix length; null when not given.</summary>
    public string? VipNetmask { get; init; }

    /// <summary>Service port (<c>port</c>, default 80); ignored by IPVS for firewall-mark services.</summary>
    public int Port { get; init; } = 80;

    /// <summary><c>protocol</c>, default tcp.</summary>
    public TransportProtocol Protocol { get; init; } = TransportProtocol.Tcp;

    /// <summary>Firewall mark (<c>fwmark</c>); when set the service matches marked packets instead of VIP:port.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary>Forwarding method of this service's real servers; null uses the cluster's <see cref="GlobalSettingsConfig.Network"/>.</summary>
    public NetworkType? ForwardingMethod { get; init; }

    /// <summary>IPVS scheduler kernel name (<c>scheduler</c>, default wlc).</summary>
    public string Scheduler { get; init; } = SchedulerNames.WeightedLeastConnection;

    /// <summary>Scheduler flags such as <c>sh-port</c>; each must belong to <see cref="Scheduler"/>.</summary>
    public EquatableArray<string> SchedulerFlags { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Persistence timeout in seconds (<c>persistent</c>); 0 means no persistence.</summary>
    public int Persistent { get; init; }

    /// <summary>Persistence netmask (<c>pmask</c>); null is unset (one client address).</summary>
    public string? PersistenceNetmask { get; init; }

    /// <summary>Seconds between checks of each real server (<c>timeout</c>, default 10).</summary>
    public int Timeout { get; init; } = 10;

    /// <summary>Seconds a failed real server must stay healthy before it re-enters (<c>reentry</c>, default 180).</summary>
    public int Reentry { get; init; } = 180;

    /// <summary>On failure set the weight to 0 instead of removing the server (<c>quiesce_server</c>).</summary>
    public bool QuiesceServer { get; init; }

    /// <summary>Load monitoring tool (<c>load_monitor</c>).</summary>
    public LoadMonitorTool LoadMonitor { get; init; } = LoadMonitorTool.None;

    /// <summary>Server that takes traffic on the service port when every real server is down (<c>sorry_server</c>).</summary>
    public string? SorryServer { get; init; }

    /// <summary>The failover group this moves with (<c>group</c>, PiranhaNet extension), or null for the pair's.</summary>
    public string? Group { get; init; }

    /// <summary>Piranha's per-server monitor program (<c>client_monitor</c>); kept for round trips, PiranhaNet checks servers itself.</summary>
    public string? ClientMonitor { get; init; }

    /// <summary>How the real servers are checked.</summary>
    public HealthCheckConfig HealthCheck { get; init; } = new();

    /// <summary>The forwarding method in force: this service's own, else the cluster's.</summary>
    public NetworkType EffectiveForwarding(GlobalSettingsConfig global) => ForwardingMethod ?? global.Network;

    /// <summary>The real servers, in file order.</summary>
    public EquatableArray<RealServerConfig> RealServers { get; init; } = EquatableArray<RealServerConfig>.Empty;
}
