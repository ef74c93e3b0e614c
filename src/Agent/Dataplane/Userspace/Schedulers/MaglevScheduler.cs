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

    private readonly Lock _lock = new();
    private string _builtFor = "";
    private DestinationState[] _table = [];

    public DestinationState? Pick(IReadOnlyList<DestinationState> destinations, IPAddress client)
    {
        DestinationState[] table;
        lock (_lock)
        {
            var signature = string.Join(';', destinations.Select(d => $"{d.EndPoint}/{d.Weight}"));
            if (signature != _builtFor)
            {
                _table = Populate(destinations.Where(d => d.Weight > 0).ToList());
                _builtFor = signature;
            }
            table = _table;
        }
        // The table holds drained destinations out; a full one keeps its slots (as in IPVS) and is passed by.
        return table.Length == 0 || table[Fnv(client.GetAddressBytes()) % TableSize] is not { Available: true } chosen ? null : chosen;
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
            offsets[i] = Fnv(name) % TableSize;
            skips[i] = Fnv([.. name, 0x5a]) % (TableSize - 1) + 1;
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

    private static uint Fnv(byte[] bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
