using System.Net;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// No two virtual servers share VIP:port:protocol or a firewall mark (IPVS keys services by these),
/// and no virtual server lists the same real server address:port twice. Collects every error.
/// </summary>
internal sealed class DuplicateServiceRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        // Keys by value (IPAddress compares its bytes, so 2001:db8::1 and 2001:0db8::1 are one); text only for errors.
        var byEndpoint = new Dictionary<(IPAddress, int, TransportProtocol), string>();
        var byMark = new Dictionary<uint, string>();
        foreach (var vs in config.VirtualServers)
        {
            if (vs.FirewallMark is { } mark)
            {
                if (!byMark.TryAdd(mark, vs.Name))
                {
                    errors.Add(FieldPath.OfVirtualServer(vs.Name, "firewallMark"), mark, $"firewall mark {mark} is already used by virtual server '{byMark[mark]}'");
                }
            }
            else if (AddressText.TryParse(vs.Address, out var vip) && !byEndpoint.TryAdd((vip, vs.Port, vs.Protocol), vs.Name))
            {
                var key = $"{Endpoint(vip, vs.Port)}/{vs.Protocol.ToString().ToLowerInvariant()}";
                errors.Add(FieldPath.OfVirtualServer(vs.Name, "address"), key, $"{key} is already used by virtual server '{byEndpoint[(vip, vs.Port, vs.Protocol)]}'");
            }
            CheckRealServers(vs, errors);
        }
    }

    private static void CheckRealServers(VirtualServerConfig vs, ICollection<ValidationError> errors)
    {
        var seen = new Dictionary<(IPAddress, int), string>();
        foreach (var rs in vs.RealServers)
        {
            if (!AddressText.TryParse(rs.Address, out var address))
            {
                continue;
            }
            var port = rs.Port ?? vs.Port;
            if (!seen.TryAdd((address, port), rs.Name))
            {
                var key = Endpoint(address, port);
                errors.Add(FieldPath.OfRealServer(vs.Name, rs.Name, "address"), key,
                    $"real server {key} is already in virtual server '{vs.Name}' as '{seen[(address, port)]}'");
            }
        }
    }

    // Normalised text, as in ipvsadm: [2001:db8::1]:80.
    private static string Endpoint(IPAddress address, int port) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
