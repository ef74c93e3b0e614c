using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// The addresses that move with the active director (or, in a cluster, with a failover group): each active virtual
/// server's and failover service's address, and the NAT router's when NAT is used, each with the group it moves with.
/// Only addresses whose configuration names a device: without one Piranha could not add them either, and the operator
/// keeps them. The same address on the same device is listed once.
/// </summary>
public static class FloatingAddresses
{
    /// <summary>Every floating address of <paramref name="config"/> with its group (<see cref="ClusterTopology.GroupOf"/>), in configuration order.</summary>
    public static List<(FloatingAddress Address, string Group)> Of(LvsConfig config)
    {
        var addresses = new List<(FloatingAddress, string)>();
        void Add(string? device, string? address, string? netmask, string owner, string? group)
        {
            if (string.IsNullOrEmpty(device) || !AddressText.TryParse(address, out var ip))
            {
                return;
            }
            var prefix = AddressText.TryParseNetmask(netmask, ip.AddressFamily, out var length) ? length : AddressText.MaxPrefix(ip.AddressFamily);
            var floating = new FloatingAddress(device, ip, prefix, owner);
            if (!addresses.Exists(a => a.Item1.Address.Equals(ip) && a.Item1.LinkDevice == floating.LinkDevice))
            {
                addresses.Add((floating, ClusterTopology.GroupOf(config, group)));
            }
        }
        foreach (var virtualServer in config.VirtualServers.Where(v => v.Active))
        {
            Add(virtualServer.Device, virtualServer.Address, virtualServer.VipNetmask, $"virtual server {virtualServer.Name}", virtualServer.Group);
        }
        if (config.Global.Network == NetworkType.Nat || config.VirtualServers.Any(v => v.Active && v.EffectiveForwarding(config.Global) == NetworkType.Nat))
        {
            Add(config.Global.NatRouterDevice, config.Global.NatRouterAddress, config.Global.NatRouterNetmask, "the NAT router", config.Global.NatRouterGroup);
        }
        foreach (var service in config.FailoverServices.Where(f => f.Active))
        {
            Add(service.Device, service.Address, service.VipNetmask, $"failover service {service.Name}", service.Group);
        }
        return addresses;
    }
}
