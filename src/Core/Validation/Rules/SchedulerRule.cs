using PiranhaNet.Core.Model;
using PiranhaNet.Core.Scheduling;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>Schedulers are known IPVS schedulers and their flags belong to them. Collects every error.</summary>
internal sealed class SchedulerRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        foreach (var vs in config.VirtualServers)
        {
            var scheduler = SchedulerCatalog.Find(vs.Scheduler);
            if (scheduler is null)
            {
                errors.Add(FieldPath.OfVirtualServer(vs.Name, "scheduler"), vs.Scheduler,
                    $"unknown scheduler '{vs.Scheduler}': expected one of {string.Join(", ", SchedulerCatalog.Names)}");
                continue;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var flag in vs.SchedulerFlags)
            {
                if (!scheduler.Flags.ContainsKey(flag))
                {
                    var valid = scheduler.Flags.Count == 0 ? "it takes no flags" : $"it takes {string.Join(", ", scheduler.Flags.Keys.Order())}";
                    errors.Add(FieldPath.OfVirtualServer(vs.Name, "schedulerFlags"), flag, $"scheduler flag '{flag}' does not belong to scheduler '{vs.Scheduler}': {valid}");
                }
                else if (!seen.Add(flag))
                {
                    errors.Add(FieldPath.OfVirtualServer(vs.Name, "schedulerFlags"), flag, $"scheduler flag '{flag}' is given twice");
                }
            }
        }
    }
}
