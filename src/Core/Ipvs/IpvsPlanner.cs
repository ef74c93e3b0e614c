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
    public static IpvsPlan Plan(IReadOnlyCollection<IpvsService> current, IReadOnlyCollection<IpvsService> desired, IReadOnlySet<IpvsServiceKey> managed)
    {
        var currentByKey = current.ToDictionary(s => s.Key);
        var desiredKeys = desired.Select(s => s.Key).ToHashSet();
        var changes = new List<IpvsChange>();
        foreach (var want in desired)
        {
            if (!currentByKey.TryGetValue(want.Key, out var have))
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
        foreach (var have in current.Where(s => !desiredKeys.Contains(s.Key)))
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

    private static IEnumerable<IpvsChange> PlanDestinations(IpvsService have, IpvsService want)
    {
        var haveByKey = have.Destinations.ToDictionary(d => d.Key);
        var wantKeys = want.Destinations.Select(d => d.Key).ToHashSet();
        foreach (var destination in want.Destinations)
        {
            if (!haveByKey.TryGetValue(destination.Key, out var existing))
            {
                yield return new IpvsChange(IpvsChangeKind.AddDestination, want, destination);
            }
            else if (existing != destination)
            {
                yield return new IpvsChange(IpvsChangeKind.EditDestination, want, destination);
            }
        }
        foreach (var destination in have.Destinations.Where(d => !wantKeys.Contains(d.Key)))
        {
            yield return new IpvsChange(IpvsChangeKind.DeleteDestination, want, destination);
        }
    }
}
