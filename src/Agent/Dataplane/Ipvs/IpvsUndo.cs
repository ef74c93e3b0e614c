using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Ipvs;

/// <summary>
/// The changes that undo one applied change, given the table before the plan. Pushed onto a stack, so they
/// are listed in the reverse of the order they must run in.
/// </summary>
internal static class IpvsUndo
{
    public static IEnumerable<IpvsChange> Of(IpvsChange change, IReadOnlyDictionary<IpvsServiceKey, IpvsService> before)
    {
        before.TryGetValue(change.Service.Key, out var old);
        var oldDestination = old?.Destinations.FirstOrDefault(d => change.Destination is { } c && d.Key.Equals(c.Key));
        switch (change.Kind)
        {
            case IpvsChangeKind.AddService:
                yield return new IpvsChange(IpvsChangeKind.DeleteService, change.Service);
                break;
            case IpvsChangeKind.EditService when old is not null:
                yield return new IpvsChange(IpvsChangeKind.EditService, old);
                break;
            case IpvsChangeKind.DeleteService when old is not null:
                // Popped last-pushed first: the service is re-added, then its destinations.
                foreach (var destination in old.Destinations)
                {
                    yield return new IpvsChange(IpvsChangeKind.AddDestination, old, destination);
                }
                yield return new IpvsChange(IpvsChangeKind.AddService, old);
                break;
            case IpvsChangeKind.AddDestination:
                yield return new IpvsChange(IpvsChangeKind.DeleteDestination, change.Service, change.Destination);
                break;
            case IpvsChangeKind.EditDestination when oldDestination is not null:
                yield return new IpvsChange(IpvsChangeKind.EditDestination, change.Service, oldDestination);
                break;
            case IpvsChangeKind.DeleteDestination when oldDestination is not null:
                yield return new IpvsChange(IpvsChangeKind.AddDestination, change.Service, oldDestination);
                break;
        }
    }
}
