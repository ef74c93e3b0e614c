using System.Net;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Web.Metrics;

/// <summary>
/// The configuration's names for what a director reports by address: a service's key gives its virtual server's name,
/// a destination its real server's (or <c>sorry</c> for the sorry server). Names come from the configuration the
/// director has in force; a service the configuration does not name keeps its ipvsadm spelling.
/// </summary>
public sealed class ServiceNames
{
    private readonly Dictionary<IpvsServiceKey, VirtualServerConfig> _virtualServers = [];

    /// <summary>The names in <paramref name="config"/>.</summary>
    public ServiceNames(LvsConfig config)
    {
        foreach (var vs in config.VirtualServers.Where(v => AddressText.TryParse(v.Address, out _)))
        {
            AddressText.TryParse(vs.Address, out var vip);
            var key = vs.FirewallMark is { } mark ? IpvsServiceKey.ForMark(mark, vip.AddressFamily) : IpvsServiceKey.ForAddress(vs.Protocol, vip, vs.Port);
            _virtualServers.TryAdd(key, vs);
        }
    }

    /// <summary>The virtual server's name for a service.</summary>
    public string VirtualServer(IpvsServiceKey key) => _virtualServers.TryGetValue(key, out var vs) ? vs.Name : key.ToString();

    /// <summary>The real server's name for a destination of a service, and its configured weight when it is one.</summary>
    public (string Name, int? ConfiguredWeight) RealServer(IpvsServiceKey key, IpvsDestination destination)
    {
        if (_virtualServers.TryGetValue(key, out var vs))
        {
            var defaultPort = vs.FirewallMark is null ? vs.Port : 0;
            var rs = vs.RealServers.FirstOrDefault(r => AddressText.TryParse(r.Address, out var a) && a.Equals(destination.Address) && (r.Port ?? defaultPort) == destination.Port);
            if (rs is not null)
            {
                return (rs.Name, rs.Weight);
            }
            if (vs.SorryServer is { } sorry && IPAddress.TryParse(sorry, out var sorryAddress) && sorryAddress.Equals(destination.Address))
            {
                return ("sorry", null);
            }
        }
        return (IpvsEndpoint.Format(destination.Address, destination.Port), null);
    }
}
