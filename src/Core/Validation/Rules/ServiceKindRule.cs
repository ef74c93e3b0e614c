using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// A configuration has either virtual servers (service = lvs) or failover services (service = fos),
/// never both, and the service kind matches what is defined. Collects every error.
/// </summary>
internal sealed class ServiceKindRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        var hasVirtual = config.VirtualServers.Count > 0;
        var hasFailover = config.FailoverServices.Count > 0;
        if (hasVirtual && hasFailover)
        {
            errors.Add(Service, null, "cannot use both virtual AND failover services: remove the virtual servers or the failover services");
        }
        else if (config.Service == ServiceKind.Lvs && hasFailover)
        {
            errors.Add(Service, "lvs", "service is lvs but failover services are defined: set service = fos");
        }
        else if (config.Service == ServiceKind.Fos && hasVirtual)
        {
            errors.Add(Service, "fos", "service is fos but virtual servers are defined: set service = lvs");
        }
    }
}
