using System.Net.Sockets;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// Every address and netmask is a literal IPv4/IPv6 address or a valid mask for its address's family,
/// and real and sorry servers share their virtual server's family. Collects every error.
/// </summary>
internal sealed class AddressRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        var g = config.Global;
        Optional(g.Primary, Field(Global, "primary"), errors);
        Optional(g.PrimaryPrivate, Field(Global, "primaryPrivate"), errors);
        var natFamily = Optional(g.NatRouterAddress, Field(Global, "natRouterAddress"), errors);
        OptionalNetmask(g.NatRouterNetmask, natFamily, Field(Global, "natRouterNetmask"), errors);

        var r = config.Redundancy;
        Optional(r.Backup, Field(ConfigPaths.Redundancy, "backup"), errors);
        Optional(r.BackupPrivate, Field(ConfigPaths.Redundancy, "backupPrivate"), errors);

        foreach (var vs in config.VirtualServers)
        {
            var family = Required(vs.Address, FieldPath.OfVirtualServer(vs.Name, "address"), errors);
            OptionalNetmask(vs.VipNetmask, family, FieldPath.OfVirtualServer(vs.Name, "vipNetmask"), errors);
            OptionalNetmask(vs.PersistenceNetmask, family, FieldPath.OfVirtualServer(vs.Name, "persistenceNetmask"), errors);
            var sorryFamily = Optional(vs.SorryServer, FieldPath.OfVirtualServer(vs.Name, "sorryServer"), errors);
            SameFamily(sorryFamily, family, vs.SorryServer, FieldPath.OfVirtualServer(vs.Name, "sorryServer"), "sorry server", errors);
            var forwarding = vs.EffectiveForwarding(g);
            foreach (var rs in vs.RealServers)
            {
                var rsPath = FieldPath.OfRealServer(vs.Name, rs.Name, "address");
                var rsFamily = Required(rs.Address, rsPath, errors);
                // IPVS tunnels may cross families (kernel 5.x), NAT and direct routing may not.
                if (forwarding != NetworkType.Tunnel)
                {
                    SameFamily(rsFamily, family, rs.Address, rsPath, "real server", errors);
                }
            }
        }

        foreach (var fos in config.FailoverServices)
        {
            var path = FailoverService(fos.Name);
            var family = Required(fos.Address, Field(path, "address"), errors);
            OptionalNetmask(fos.VipNetmask, family, Field(path, "vipNetmask"), errors);
        }
    }

    private static AddressFamily? Required(string? text, FieldPath path, ICollection<ValidationError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(path, null, "an IPv4 or IPv6 address is required");
            return null;
        }
        return Optional(text, path, errors);
    }

    private static AddressFamily? Optional(string? text, FieldPath path, ICollection<ValidationError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!AddressText.TryParse(text, out var address))
        {
            errors.Add(path, text, $"'{text}' is not an IPv4 or IPv6 address");
            return null;
        }
        return address.AddressFamily;
    }

    private static void OptionalNetmask(string? text, AddressFamily? family, FieldPath path, ICollection<ValidationError> errors)
    {
        if (string.IsNullOrEmpty(text) || family is null)
        {
            return;
        }
        if (!AddressText.TryParseNetmask(text, family.Value, out _))
        {
            var expected = family == AddressFamily.InterNetworkV6
                ? "a prefix length 0..128"
                : "a dotted mask with contiguous ones (e.g. 255.255.255.0) or a prefix length 0..32";
            errors.Add(path, text, $"bad subnet mask '{text}': expected {expected}");
        }
    }

    private static void SameFamily(AddressFamily? family, AddressFamily? expected, string? text, FieldPath path, string what,
        ICollection<ValidationError> errors)
    {
        if (family is not null && expected is not null && family != expected)
        {
            errors.Add(path, text, $"{what} address '{text}' is {Describe(family.Value)} but the virtual IP is {Describe(expected.Value)}");
        }
    }

    private static string Describe(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
