using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// When any virtual server forwards by NAT, the cluster needs the NAT router (the real servers' floating
/// gateway) with its netmask and device. Collects every error.
/// </summary>
internal sealed class NatRouterRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        var g = config.Global;
        if (!config.VirtualServers.Any(v => v.EffectiveForwarding(g) == NetworkType.Nat))
        {
            return;
        }
        if (string.IsNullOrEmpty(g.NatRouterAddress))
        {
            errors.Add(Field(Global, "natRouterAddress"), null, "NAT forwarding needs a NAT router address (the real servers' gateway)");
        }
        if (string.IsNullOrEmpty(g.NatRouterNetmask))
        {
            errors.Add(Field(Global, "natRouterNetmask"), null, "NAT forwarding needs a NAT router netmask");
        }
        if (string.IsNullOrEmpty(g.NatRouterDevice))
        {
            errors.Add(Field(Global, "natRouterDevice"), null, "NAT forwarding needs a NAT router device, e.g. eth1:1");
        }
    }
}
