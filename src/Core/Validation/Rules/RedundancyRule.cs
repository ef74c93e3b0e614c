using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// An enabled backup director has an address different from the primary's, the primary has an address,
/// and heartbeats are on. Collects every error.
/// </summary>
internal sealed class RedundancyRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        var r = config.Redundancy;
        if (!r.Enabled)
        {
            return;
        }
        if (string.IsNullOrEmpty(r.Backup))
        {
            errors.Add(Field(ConfigPaths.Redundancy, "backup"), null, "a backup director needs its public address");
        }
        if (string.IsNullOrEmpty(config.Global.Primary))
        {
            errors.Add(Field(Global, "primary"), null, "a backup director needs the primary director's public address");
        }
        if (AddressText.TryParse(r.Backup, out var backup) && AddressText.TryParse(config.Global.Primary, out var primary) && backup.Equals(primary))
        {
            errors.Add(Field(ConfigPaths.Redundancy, "backup"), r.Backup, $"backup address {r.Backup} is the primary's address");
        }
        if (!r.Heartbeat)
        {
            errors.Add(Field(ConfigPaths.Redundancy, "heartbeat"), false, "a backup director needs heartbeats to know when to take over: set heartbeat = 1");
        }
    }
}
