using System.Net;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>
/// sh / dh: a static table of 256 buckets filled by weight (as IPVS does), indexed by a hash of the client's
/// address (sh) or of the destination address (dh, the VIP, which a proxy sees as one address). The same
/// client keeps its destination while the set of destinations is the same. With <paramref name="fallback"/>
/// (sh-fallback) a bucket whose destination takes no new connections goes to the next usable one.
/// </summary>
internal sealed class HashScheduler(bool hashClient, bool fallback) : IUserspaceScheduler
{
    private const int Buckets = 256;
    private readonly CachedTable<List<DestinationState>> _table = new(BuildTable);

    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client)
    {
        var table = _table.For(destinations);
        if (table.Count == 0)
        {
            return null;
        }
        var start = (int)(Fnv1a.Hash(hashClient ? client : IPAddress.Any) % (uint)table.Count);
        for (var step = 0; step < (fallback ? table.Count : 1); step++)
        {
            var candidate = table[(start + step) % table.Count];
            if (candidate.Available)
            {
                return candidate;
            }
        }
        return null;
    }

    // Each destination gets buckets in proportion to its weight; drained ones keep theirs so other clients do not move.
    private static List<DestinationState> BuildTable(IReadOnlyList<DestinationState> destinations)
    {
        var weighted = destinations.Where(d => d.Destination.Weight >= 0).ToList();
        var total = weighted.Sum(d => Math.Max(1, d.Weight));
        var table = new List<DestinationState>(Buckets);
        foreach (var destination in weighted)
        {
            var share = Math.Max(1, (int)Math.Round(Buckets * (double)Math.Max(1, destination.Weight) / total));
            table.AddRange(Enumerable.Repeat(destination, share));
        }
        return table;
    }
}
