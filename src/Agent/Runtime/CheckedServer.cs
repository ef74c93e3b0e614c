using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Runtime;

/// <summary>
/// What one real server's health checks take from the configuration; two equal ones need no change. Built for every
/// active real server of every active virtual server while the director runs.
/// </summary>
/// <param name="VirtualServer">The virtual server's name.</param>
/// <param name="RealServer">The real server's name.</param>
/// <param name="Address">Where the checks go.</param>
/// <param name="Port">The real server's port, or the service's.</param>
/// <param name="Protocol">The service's protocol (a UDP service is checked over UDP).</param>
/// <param name="Interval">Between checks (Piranha's <c>timeout</c>).</param>
/// <param name="Check">How it is checked, with its fall and rise counts.</param>
/// <param name="Reentry">Continuous health needed before a recovered server goes back in.</param>
/// <param name="Weight">The configured weight, which a recovering server ramps up to.</param>
/// <param name="Drain">Drained by the operator: checked, but shown as draining while healthy.</param>
/// <param name="Maintenance">In maintenance: out of the table and not checked.</param>
/// <param name="NotifyUp">The real server's own command for coming up, or null.</param>
/// <param name="NotifyDown">The real server's own command for going down, or null.</param>
internal sealed record CheckedServer(string VirtualServer, string RealServer, string Address, int Port, TransportProtocol Protocol, TimeSpan Interval,
    HealthCheckConfig Check, TimeSpan Reentry, int Weight, bool Drain, bool Maintenance, string? NotifyUp = null, string? NotifyDown = null)
{
    /// <summary>The server's key.</summary>
    public (string VirtualServer, string RealServer) Key => (VirtualServer, RealServer);

    /// <summary>True when <paramref name="other"/> is checked the same way: same target, protocol, interval and check (fall and rise aside).</summary>
    public bool SameProbe(CheckedServer other) => Address == other.Address && Port == other.Port && Protocol == other.Protocol && Interval == other.Interval
        && Check with { Fall = 0, Rise = 0 } == other.Check with { Fall = 0, Rise = 0 };

    /// <summary>Every server of <paramref name="config"/> to check or hold in maintenance, in configuration order; none while stopped.</summary>
    public static IReadOnlyList<CheckedServer> Of(LvsConfig config, bool running) =>
        !running || config.Service != ServiceKind.Lvs
            ? []
            : [.. config.VirtualServers.Where(v => v.Active).SelectMany(vs => vs.RealServers.Where(r => r.Active).Select(rs => new CheckedServer(
                vs.Name, rs.Name, rs.Address, rs.Port ?? vs.Port, vs.Protocol, TimeSpan.FromSeconds(vs.Timeout), vs.HealthCheck,
                TimeSpan.FromSeconds(vs.Reentry), rs.Weight, rs.Drain, rs.Maintenance, rs.NotifyUp, rs.NotifyDown)))];
}
