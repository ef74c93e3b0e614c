using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;
using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Core.Ipvs;

/// <summary>
/// The IPVS table a configuration asks for, given what is true now of its real servers: every active virtual
/// server with its active real servers (not in maintenance) at their effective weights (0 while draining). A real
/// server out of service is left out, or kept at weight 0 with <c>quiesce_server</c> so its connections finish; a
/// ramping one has at most its ramp weight; and when no real server takes new connections (all down, drained or
/// quiesced) the sorry server does. Failover services (fos) run no IPVS services. The configuration must be valid
/// (see <see cref="Validation.ConfigValidator"/>); an invalid one throws <see cref="ArgumentException"/>. Pure.
/// </summary>
public static class DesiredTable
{
    /// <summary>
    /// The services for <paramref name="config"/>, in configuration order, with each real server as
    /// <paramref name="availability"/> has it (every one in service at its configured weight when null).
    /// </summary>
    public static EquatableArray<IpvsService> From(LvsConfig config, IRealServerAvailability? availability = null)
    {
        if (config.Service == ServiceKind.Fos)
        {
            return EquatableArray<IpvsService>.Empty;
        }
        return config.VirtualServers.Where(v => v.Active).Select(v => Service(v, config.Global, availability)).ToEquatableArray();
    }

    private static IpvsService Service(VirtualServerConfig vs, GlobalSettingsConfig global, IRealServerAvailability? availability)
    {
        var vip = Address(vs.Address, vs.Name);
        var key = vs.FirewallMark is { } mark
            ? IpvsServiceKey.ForMark(mark, vip.AddressFamily)
            : IpvsServiceKey.ForAddress(vs.Protocol, vip, vs.Port);
        var scheduler = SchedulerCatalog.Find(vs.Scheduler) ?? throw new ArgumentException($"virtual server '{vs.Name}': unknown scheduler '{vs.Scheduler}'");
        var flags = vs.SchedulerFlags.Aggregate(0u, (bits, flag) => bits | scheduler.Flags[flag]);
        var maxPrefix = AddressText.MaxPrefix(vip.AddressFamily);
        var prefix = vs.PersistenceNetmask is { } mask && AddressText.TryParseNetmask(mask, vip.AddressFamily, out var bits) ? bits : maxPrefix;
        var forwarding = Forwarding(vs.EffectiveForwarding(global));
        // A firewall-mark service matches many ports; destination port 0 keeps the packet's own port.
        var defaultPort = vs.FirewallMark is null ? vs.Port : 0;
        var destinations = new List<IpvsDestination>();
        foreach (var rs in vs.RealServers.Where(r => r.Active && !r.Maintenance))
        {
            var now = availability?.Of(vs.Name, rs.Name) ?? RealServerAvailability.AsConfigured;
            if (!now.InService && !vs.QuiesceServer)
            {
                continue;
            }
            var weight = !now.InService ? 0 : Math.Min(rs.EffectiveWeight, now.Weight ?? int.MaxValue);
            destinations.Add(new IpvsDestination(Address(rs.Address, $"{vs.Name}/{rs.Name}"), rs.Port ?? defaultPort, forwarding, weight,
                (uint)rs.UpperThreshold, (uint)rs.LowerThreshold));
        }
        if (vs.SorryServer is { } sorry && vs.RealServers.Any(r => r.Active) && destinations.TrueForAll(d => d.Weight == 0))
        {
            destinations.Add(new IpvsDestination(Address(sorry, $"{vs.Name} sorry server"), defaultPort, forwarding, 1));
        }
        return new IpvsService(key, vs.Scheduler, flags, (uint)vs.Persistent, prefix, [.. destinations]);
    }

    /// <summary>The IPVS forwarding method of a Piranha network type.</summary>
    public static IpvsForwarding Forwarding(NetworkType network) => network switch
    {
        NetworkType.Nat => IpvsForwarding.Masquerade,
        NetworkType.Direct => IpvsForwarding.Route,
        _ => IpvsForwarding.Tunnel,
    };

    private static IPAddress Address(string text, string owner) =>
        AddressText.TryParse(text, out var address) ? address : throw new ArgumentException($"{owner}: '{text}' is not an IP address");
}
