using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// An active failover service has the commands that start and stop it, and no check that would set a weight it has
/// not got. Collects every error.
/// </summary>
internal sealed class FailoverServiceRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        foreach (var fos in config.FailoverServices.Where(f => f.HealthCheck.DynamicWeight))
        {
            errors.Add(Field(Field(FailoverService(fos.Name), "healthCheck"), "dynamicWeight"), "1", "a failover service has no weight for its check to set");
        }
        foreach (var fos in config.FailoverServices.Where(f => f.Active))
        {
            var path = FailoverService(fos.Name);
            if (string.IsNullOrWhiteSpace(fos.StartCommand))
            {
                errors.Add(Field(path, "startCommand"), null, "an active failover service needs start_cmd");
            }
            if (string.IsNullOrWhiteSpace(fos.StopCommand))
            {
                errors.Add(Field(path, "stopCommand"), null, "an active failover service needs stop_cmd");
            }
        }
    }
}
