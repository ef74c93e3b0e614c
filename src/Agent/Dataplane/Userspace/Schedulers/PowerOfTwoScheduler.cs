using System.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>twos: two destinations drawn at random in proportion to weight; the one with fewer connections per weight wins.</summary>
internal sealed class PowerOfTwoScheduler : IUserspaceScheduler
{
    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client)
    {
        var available = destinations.Where(d => d.Weight > 0).ToList();
        if (available.Count == 0)
        {
            return null;
        }
        var first = Draw(available);
        var second = Draw(available);
        return (double)first.Active / first.Weight <= (double)second.Active / second.Weight ? first : second;
    }

    private static DestinationState Draw(List<DestinationState> available)
    {
        var ticket = Random.Shared.NextInt64(available.Sum(d => (long)d.Weight));
        foreach (var destination in available)
        {
            ticket -= destination.Weight;
            if (ticket < 0)
            {
                return destination;
            }
        }
        return available[^1];
    }
}
