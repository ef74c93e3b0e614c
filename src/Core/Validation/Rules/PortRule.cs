using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>Every port is within 1..65535. Collects every error.</summary>
internal sealed class PortRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        errors.CheckRange(Field(ConfigPaths.Redundancy, "heartbeatPort"), config.Redundancy.HeartbeatPort, 1, 65535, "port");
        foreach (var vs in config.VirtualServers)
        {
            errors.CheckRange(FieldPath.OfVirtualServer(vs.Name, "port"), vs.Port, 1, 65535, "port");
            foreach (var rs in vs.RealServers.Where(r => r.Port is not null))
            {
                errors.CheckRange(FieldPath.OfRealServer(vs.Name, rs.Name, "port"), rs.Port!.Value, 1, 65535, "port");
            }
        }
        foreach (var fos in config.FailoverServices)
        {
            errors.CheckRange(Field(FailoverService(fos.Name), "port"), fos.Port, 1, 65535, "port");
        }
    }
}
