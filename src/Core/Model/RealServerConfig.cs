using System.Text.Json.Serialization;

namespace PiranhaNet.Core.Model;

/// <summary>One real server of a virtual server (lvs.cf <c>server NAME { ... }</c>).</summary>
public sealed record RealServerConfig
{
    /// <summary>Unique name within its virtual server.</summary>
    public required string Name { get; init; }

    /// <summary>IPv4 or IPv6 address (<c>address</c>).</summary>
    public string Address { get; init; } = "";

    /// <summary>Port on the real server (<c>port</c>); null means the virtual server's port.</summary>
    public int? Port { get; init; }

    /// <summary>Scheduling weight 0..65535 (<c>weight</c>, default 1); 0 takes no new connections.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>
    /// Active connections at which the server takes no new ones until it falls below <see cref="LowerThreshold"/>
    /// (<c>uthreshold</c>, as in keepalived and <c>ipvsadm -x</c>); 0 means no limit.
    /// </summary>
    public int UpperThreshold { get; init; }

    /// <summary>
    /// Active connections below which an overloaded server takes new ones again (<c>lthreshold</c>, <c>ipvsadm -y</c>);
    /// 0 lets the kernel use three quarters of <see cref="UpperThreshold"/>.
    /// </summary>
    public int LowerThreshold { get; init; }

    /// <summary>
    /// Drained by the operator: the server stays in the table with weight 0, so its existing connections finish
    /// and it gets no new ones. <see cref="Weight"/> keeps the weight to return to.
    /// </summary>
    public bool Drain { get; init; }

    /// <summary>
    /// In maintenance by the operator: out of the table and not health-checked, but kept in the configuration
    /// (and its history) to be returned to service later.
    /// </summary>
    public bool Maintenance { get; init; }

    /// <summary>
    /// Run (without a shell) by the director when this real server comes up (keepalived's <c>notify_up</c>), besides
    /// the agent's own <c>--notify-up</c>; %v, %r and %s are the virtual server, the real server and the reason.
    /// </summary>
    public string? NotifyUp { get; init; }

    /// <summary>Run when this real server goes down (keepalived's <c>notify_down</c>); as <see cref="NotifyUp"/>.</summary>
    public string? NotifyDown { get; init; }

    /// <summary>The weight IPVS should use: 0 while draining, else the configured weight (derived, so not stored).</summary>
    [JsonIgnore]
    public int EffectiveWeight => Drain ? 0 : Weight;

    /// <summary>Whether the server is in the table (<c>active</c>); new servers start inactive, as in Piranha.</summary>
    public bool Active { get; init; }
}
