using System.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>
/// The connection-counting schedulers, which differ only in the load they minimise:
/// lc (active connections), wlc (active / weight), sed ((active + 1) / weight) and nq (an idle destination
/// first, else sed). Ties go to the first destination, as in IPVS.
/// </summary>
internal sealed class LeastLoadScheduler(LeastLoadScheduler.Measure measure) : IUserspaceScheduler
{
    /// <summary>Which load to minimise.</summary>
    public enum Measure { Connections, WeightedConnections, ShortestExpectedDelay, NeverQueue }

    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client)
    {
        var available = UserspaceSchedulers.AvailableWithWeights(destinations);
        if (measure == Measure.NeverQueue && available.FirstOrDefault(d => d.Destination.Active == 0).Destination is { } idle)
        {
            return idle;
        }
        DestinationState? best = null;
        var bestLoad = double.MaxValue;
        foreach (var (destination, weight) in available)
        {
            var load = measure switch
            {
                Measure.Connections => destination.Active,
                Measure.WeightedConnections => (double)destination.Active / weight,
                _ => (destination.Active + 1.0) / weight,
            };
            if (load < bestLoad)
            {
                (best, bestLoad) = (destination, load);
            }
        }
        return best;
    }
}
