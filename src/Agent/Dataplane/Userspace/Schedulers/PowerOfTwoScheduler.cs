using System.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>twos: two destinations drawn at random in proportion to weight; the one with fewer connections per weight wins.</summary>
internal sealed class PowerOfTwoScheduler : IUserspaceScheduler
{
    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client)
    {
        var available = UserspaceSchedulers.AvailableWithWeights(destinations);
        if (available.Count == 0)
        {
            return null;
        }
        var first = Draw(available);
        var second = Draw(available);
        return (double)first.Destination.Active / first.Weight <= (double)second.Destination.Active / second.Weight ? first.Destination : second.Destination;
    }

    private static (DestinationState Destination, int Weight) Draw(List<(DestinationState Destination, int Weight)> available)
    {
        var ticket = Random.Shared.NextInt64(available.Sum(d => (long)d.Weight));
        foreach (var candidate in available)
        {
            ticket -= candidate.Weight;
            if (ticket < 0)
            {
                return candidate;
            }
        }
        return available[^1];
    }
}
