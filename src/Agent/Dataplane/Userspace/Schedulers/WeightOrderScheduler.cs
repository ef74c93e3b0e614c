using System.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>
/// fo: always the available destination with the highest weight. ovf: the highest-weight destination whose
/// active connections are below its weight, overflowing to the next one when it is full.
/// </summary>
internal sealed class WeightOrderScheduler(bool overflow) : IUserspaceScheduler
{
    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client) =>
        destinations.Where(d => d.Available && (!overflow || d.Active < d.Weight))
            .OrderByDescending(d => d.Weight)
            .FirstOrDefault();
}
