using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Protocol;

/// <summary>
/// Status reports as changes: a table of a thousand mostly idle services is 1.4 MiB of JSON, sent every
/// second, while what changed in that second is usually a handful of services. The agent sends the whole
/// status first on a connection and now and then; in between only the services that differ.
/// </summary>
public static class StatusChanges
{
    /// <summary>The message that turns <paramref name="previous"/> (the last status sent) into <paramref name="current"/>; whole when there is none.</summary>
    public static StatusMessage Between(DirectorStatus? previous, DirectorStatus current)
    {
        if (previous is null)
        {
            return new StatusMessage(current);
        }
        var services = KeyedDiff.Between(previous.Services, current.Services, KeyOf);
        var changed = services.Upserts.Select(u => u.After).ToEquatableArray();
        var removed = services.Removed.Select(KeyOf).ToEquatableArray();
        var health = Nullable.Equals(previous.Health, current.Health) ? null : current.Health;
        var redundancy = Equals(previous.Redundancy, current.Redundancy) ? null : current.Redundancy;
        return new StatusMessage(current with { Services = changed, Health = health, Redundancy = redundancy }, Partial: true, Removed: removed);
    }

    /// <summary>
    /// The whole status after <paramref name="message"/>, given the one held before: a whole message replaces
    /// it; a partial one replaces the changed services in place, appends new ones and drops removed ones.
    /// </summary>
    public static DirectorStatus Merge(DirectorStatus? held, StatusMessage message)
    {
        if (!message.Partial || held is null)
        {
            return message.Status;
        }
        var merged = KeyedDiff.Apply(held.Services, message.Status.Services, message.Removed, order: null, KeyOf);
        return message.Status with { Services = merged.ToEquatableArray(), Health = message.Status.Health ?? held.Health,
            Redundancy = message.Status.Redundancy ?? held.Redundancy };
    }

    private static IpvsServiceKey KeyOf(IpvsServiceStatus service) => service.Service.Key;
}
