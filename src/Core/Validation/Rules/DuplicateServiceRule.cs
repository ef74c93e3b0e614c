using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// No two virtual servers share VIP:port:protocol or a firewall mark (IPVS keys services by these),
/// and no virtual server lists the same real server address:port twice. Collects every error.
/// </summary>
internal sealed class DuplicateServiceRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        var byEndpoint = new Dictionary<string, string>(StringComparer.Ordinal);
        var byMark = new Dictionary<uint, string>();
        foreach (var vs in config.VirtualServers)
        {
            var path = VirtualServer(vs.Name);
            if (vs.FirewallMark is { } mark)
            {
                if (!byMark.TryAdd(mark, vs.Name))
                {
                    errors.Add(Field(path, "firewallMark"), mark, $"firewall mark {mark} is already used by virtual server '{byMark[mark]}'");
                }
            }
            else if (AddressText.TryParse(vs.Address, out var vip))
            {
                var key = $"{Endpoint(vip, vs.Port)}/{vs.Protocol.ToString().ToLowerInvariant()}";
                if (!byEndpoint.TryAdd(key, vs.Name))
                {
                    errors.Add(Field(path, "address"), key, $"{key} is already used by virtual server '{byEndpoint[key]}'");
                }
            }
            CheckRealServers(vs, errors);
        }
    }

    private static void CheckRealServers(VirtualServerConfig vs, ICollection<ValidationError> errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rs in vs.RealServers)
        {
            if (!AddressText.TryParse(rs.Address, out var address))
            {
                continue;
            }
            var key = Endpoint(address, rs.Port ?? vs.Port);
            if (!seen.TryAdd(key, rs.Name))
            {
                errors.Add(Field(RealServer(vs.Name, rs.Name), "address"), key,
                    $"real server {key} is already in virtual server '{vs.Name}' as '{seen[key]}'");
            }
        }
    }

    // Normalised text so 2001:db8::1 and 2001:0db8::1 count as the same endpoint.
    private static string Endpoint(System.Net.IPAddress address, int port) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
