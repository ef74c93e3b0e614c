using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;
using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Core.Ipvs;

/// <summary>
/// The IPVS table a configuration asks for: every active virtual server with its active real servers (not in
/// maintenance) at their effective weights (0 while draining). Failover services (fos) run no IPVS services. The configuration must
/// be valid (see <see cref="Validation.ConfigValidator"/>); an invalid one throws <see cref="ArgumentException"/>.
/// </summary>
public static class DesiredTable
{
    /// <summary>The services for <paramref name="config"/>, in configuration order.</summary>
    public static EquatableArray<IpvsService> From(LvsConfig config)
    {
        if (config.Service == ServiceKind.Fos)
        {
            return EquatableArray<IpvsService>.Empty;
        }
        return config.VirtualServers.Where(v => v.Active).Select(v => Service(v, config.Global)).ToEquatableArray();
    }

    private static IpvsService Service(VirtualServerConfig vs, GlobalSettingsConfig global)
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
        var destinations = vs.RealServers.Where(r => r.Active && !r.Maintenance)
            .Select(r => new IpvsDestination(Address(r.Address, $"{vs.Name}/{r.Name}"), r.Port ?? defaultPort, forwarding, r.EffectiveWeight,
                (uint)r.UpperThreshold, (uint)r.LowerThreshold))
            .ToEquatableArray();
        return new IpvsService(key, vs.Scheduler, flags, (uint)vs.Persistent, prefix, destinations);
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
