using System.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>
/// wrr: in turn, in proportion to weight, interleaved ("smooth" weighted round robin: each pick raises every
/// destination's credit by its weight and takes the one with most credit, which then pays the total).
/// </summary>
internal sealed class WeightedRoundRobinScheduler : IUserspaceScheduler
{
    private readonly Lock _lock = new();
    private readonly Dictionary<DestinationState, long> _credit = [];

    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client)
    {
        lock (_lock)
        {
            DestinationState? best = null;
            long total = 0;
            foreach (var destination in destinations.Where(d => d.Available))
            {
                var weight = destination.Weight;
                total += weight;
                var credit = _credit.GetValueOrDefault(destination) + weight;
                _credit[destination] = credit;
                if (best is null || credit > _credit[best])
                {
                    best = destination;
                }
            }
            if (best is not null)
            {
                _credit[best] -= total;
            }
            return best;
        }
    }
}
