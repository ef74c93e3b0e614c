using System.Net;
using System.Text;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>
/// mh: Maglev hashing. Each destination walks its own permutation of a prime-sized lookup table and claims
/// free slots, as many per round as its weight; a client's address hashes to a slot. When a destination is
/// added or removed only a small share of clients move. The table is rebuilt when the destinations change.
/// </summary>
internal sealed class MaglevScheduler : IUserspaceScheduler
{
    private const int TableSize = 4093;

    private readonly CachedTable<DestinationState[]> _table = new(destinations => Populate([.. destinations.Where(d => d.Weight > 0)]));

    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client)
    {
        var table = _table.For(destinations);
        // The table holds drained destinations out; a full one keeps its slots (as in IPVS) and is passed by.
        return table.Length == 0 || table[Fnv1a.Hash(client) % TableSize] is not { Available: true } chosen ? null : chosen;
    }

    private static DestinationState[] Populate(List<DestinationState> destinations)
    {
        if (destinations.Count == 0)
        {
            return [];
        }
        var table = new DestinationState?[TableSize];
        var next = new int[destinations.Count];
        var offsets = new uint[destinations.Count];
        var skips = new uint[destinations.Count];
        for (var i = 0; i < destinations.Count; i++)
        {
            var name = Encoding.ASCII.GetBytes(destinations[i].EndPoint.ToString());
            offsets[i] = Fnv1a.Hash(name) % TableSize;
            skips[i] = Fnv1a.Hash([.. name, 0x5a]) % (TableSize - 1) + 1;
        }
        var filled = 0;
        while (filled < TableSize)
        {
            for (var i = 0; i < destinations.Count && filled < TableSize; i++)
            {
                for (var turn = 0; turn < destinations[i].Weight && filled < TableSize; turn++)
                {
                    uint slot;
                    do
                    {
                        slot = (uint)((offsets[i] + (ulong)next[i]++ * skips[i]) % TableSize);
                    }
                    while (table[slot] is not null);
                    table[slot] = destinations[i];
                    filled++;
                }
            }
        }
        return table!;
    }
}
