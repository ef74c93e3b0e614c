using PiranhaNet.Core.Diffing;

namespace PiranhaNet.Core.Ipvs;

/// <summary>
/// The smallest set of edits that turns the kernel's table into the desired one. A weight change is one
/// destination edit, a scheduler change one service edit; nothing that already matches is touched, so
/// re-applying an unchanged configuration (an agent restart) drops no connection. Only services PiranhaNet
/// manages are ever deleted; a desired service that already exists is adopted and edited in place.
/// </summary>
public static class IpvsPlanner
{
    /// <summary>Plans the edits from <paramref name="current"/> to <paramref name="desired"/>.</summary>
    /// <param name="current">What the kernel holds now.</param>
    /// <param name="desired">What the configuration asks for.</param>
    /// <param name="managed">Services PiranhaNet created earlier (kept in the agent's state).</param>
    public static IpvsPlan Plan(IReadOnlyList<IpvsService> current, IReadOnlyList<IpvsService> desired, IReadOnlySet<IpvsServiceKey> managed)
    {
        var services = KeyedDiff.Between(current, desired, s => s.Key);
        var changes = new List<IpvsChange>();
        foreach (var (isAdded, have, want) in services.Upserts)
        {
            if (isAdded)
            {
                changes.Add(new IpvsChange(IpvsChangeKind.AddService, want));
                changes.AddRange(want.Destinations.Select(d => new IpvsChange(IpvsChangeKind.AddDestination, want, d)));
                continue;
            }
            if (!want.SameSettings(have))
            {
                changes.Add(new IpvsChange(IpvsChangeKind.EditService, want));
            }
            changes.AddRange(PlanDestinations(have, want));
        }
        var unmanaged = new List<IpvsServiceKey>();
        foreach (var have in services.Removed)
        {
            if (managed.Contains(have.Key))
            {
                changes.Add(new IpvsChange(IpvsChangeKind.DeleteService, have));
            }
            else
            {
                unmanaged.Add(have.Key);
            }
        }
        return new IpvsPlan(changes, unmanaged);
    }

    // Adds and edits in the desired order, then deletes: IPVS has no order of destinations to keep.
    private static IEnumerable<IpvsChange> PlanDestinations(IpvsService have, IpvsService want)
    {
        var destinations = KeyedDiff.Between(have.Destinations, want.Destinations, d => d.Key);
        return destinations.Upserts
            .Select(u => new IpvsChange(u.IsAdded ? IpvsChangeKind.AddDestination : IpvsChangeKind.EditDestination, want, u.After))
            .Concat(destinations.Removed.Select(d => new IpvsChange(IpvsChangeKind.DeleteDestination, want, d)));
    }
}
