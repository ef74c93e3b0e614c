using System.Text;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// How the nftables dataplane schedules without connection counts: a ring of slots, each naming a real server, that
/// a counter (<c>numgen inc mod SIZE</c>: rr, wrr, fo) or a hash of the client (<c>jhash ... mod SIZE</c>: sh, dh, mh)
/// indexes. Each real server holds slots in proportion to its share (rr: one each, wrr/sh/dh/mh: its weight, fo: the
/// one with the highest weight holds the only slot), spread evenly so that a counter visits them in IPVS's
/// interleaved order. A server at weight 0 holds no slot; with none, the ring is empty and nothing is translated.
/// <para>
/// The size is part of the rule, the slots are elements of a map: a weight change, a drain or a health change
/// only rewrites slots as long as the new total share divides the size. Sizes start at the least common multiple of
/// 60 and the total (60 divides by 1-6, 10, 12, 15, 20, 30), so most later changes fit. Shares are exact when their
/// total (after dividing by the weights' greatest common divisor) divides the size; totals above
/// <see cref="LargestRing"/> are rounded to it (largest remainder). Maglev (mh) fills a prime-sized ring with each
/// server's own permutation, as Google's Maglev paper does, so few clients move when servers come and go.
/// </para>
/// </summary>
internal static class SlotRing
{
    /// <summary>The size rings start from: it divides by every total from 1 to 6.</summary>
    public const int SmallestRing = 60;

    /// <summary>The most slots a ring has (a map element each).</summary>
    public const int LargestRing = 4096;

    private static readonly int[] s_maglevSizes = [251, 509, 1021, 2039, 4093];

    /// <summary>
    /// The ring size for <paramref name="service"/>: <paramref name="current"/> (0 for a new service) when its shares
    /// still fit it, else a new one.
    /// </summary>
    public static int Size(IpvsService service, int current)
    {
        switch (service.Scheduler)
        {
            case SchedulerNames.WeightedFailover:
                return 1;
            case SchedulerNames.MaglevHashing:
                // About 100 slots a server, as Maglev wants; kept while it has at least 50 a server, so a server
                // going down and up (a health change) never changes the size and moves only its own clients.
                var servers = Math.Max(1, service.Destinations.Count);
                return s_maglevSizes.Contains(current) && current >= 50 * servers
                    ? current
                    : s_maglevSizes.FirstOrDefault(size => size >= 100 * servers, s_maglevSizes[^1]);
        }
        var total = Shares(service).Sum();
        if (total == 0)
        {
            return current > 0 ? current : SmallestRing;
        }
        var ideal = Lcm(SmallestRing, total) is var lcm and <= LargestRing ? (int)lcm : Math.Min(total, LargestRing);
        // Keep a size that still divides, unless it grew far past what the shares need now.
        return current > 0 && current % total == 0 && current <= 4 * ideal ? current : ideal;
    }

    /// <summary>
    /// True when <paramref name="size"/> is a size this class gives <paramref name="service"/>'s scheduler (1 for fo, a
    /// Maglev prime for mh, up to <see cref="LargestRing"/> otherwise): a size read back from the kernel is checked
    /// before a ring is computed for it.
    /// </summary>
    public static bool Fits(IpvsService service, int size) => service.Scheduler switch
    {
        SchedulerNames.WeightedFailover => size == 1,
        SchedulerNames.MaglevHashing => s_maglevSizes.Contains(size),
        _ => size is >= 1 and <= LargestRing,
    };

    /// <summary>The ring: for each slot the index (into the service's destinations) of its real server, or -1 when empty.</summary>
    public static int[] Fill(IpvsService service, int size)
    {
        var shares = Shares(service);
        return service.Scheduler == SchedulerNames.MaglevHashing
            ? Maglev(service, shares, size)
            : Interleave(Counts(shares, size), size);
    }

    // Each destination's share of the ring, by scheduler: 0 for weight 0.
    private static int[] Shares(IpvsService service)
    {
        var destinations = service.Destinations;
        var shares = new int[destinations.Count];
        switch (service.Scheduler)
        {
            case SchedulerNames.RoundRobin:
                for (var i = 0; i < shares.Length; i++)
                {
                    shares[i] = destinations[i].Weight > 0 ? 1 : 0;
                }
                return shares;
            case SchedulerNames.WeightedFailover:
                // IPVS's fo: the highest weight; the first such in the list among equals.
                var best = -1;
                for (var i = 0; i < shares.Length; i++)
                {
                    if (destinations[i].Weight > 0 && (best < 0 || destinations[i].Weight > destinations[best].Weight))
                    {
                        best = i;
                    }
                }
                if (best >= 0)
                {
                    shares[best] = 1;
                }
                return shares;
            default:
                for (var i = 0; i < shares.Length; i++)
                {
                    shares[i] = Math.Max(0, destinations[i].Weight);
                }
                var divisor = shares.Where(s => s > 0).Aggregate(0, Gcd);
                return divisor > 1 ? [.. shares.Select(s => s / divisor)] : shares;
        }
    }

    // Slots per destination: exact when the total divides the size, else by largest remainder (first in list on ties).
    private static int[] Counts(int[] shares, int size)
    {
        var total = shares.Sum();
        var counts = new int[shares.Length];
        if (total == 0)
        {
            return counts;
        }
        var remainders = new long[shares.Length];
        for (var i = 0; i < shares.Length; i++)
        {
            var exact = (long)shares[i] * size;
            counts[i] = (int)(exact / total);
            remainders[i] = exact % total;
        }
        var left = size - counts.Sum();
        foreach (var i in Enumerable.Range(0, shares.Length).Where(i => shares[i] > 0).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(left))
        {
            counts[i]++;
        }
        return counts;
    }

    // Smooth weighted round robin over the counts: each slot goes to the destination furthest behind its share,
    // so a counter stepping through the ring meets them interleaved (A B A B, or B B A B for 1:3), never in runs.
    private static int[] Interleave(int[] counts, int size)
    {
        var ring = new int[size];
        var total = counts.Sum();
        if (total == 0)
        {
            Array.Fill(ring, -1);
            return ring;
        }
        var credit = new long[counts.Length];
        for (var slot = 0; slot < size; slot++)
        {
            var pick = -1;
            for (var i = 0; i < counts.Length; i++)
            {
                credit[i] += counts[i];
                if (counts[i] > 0 && (pick < 0 || credit[i] > credit[pick]))
                {
                    pick = i;
                }
            }
            credit[pick] -= total;
            ring[slot] = pick;
        }
        return ring;
    }

    // Maglev population: every destination walks its own permutation of the slots (offset and skip from a hash of
    // its address and port) and takes the next free one, as many turns a round as its share.
    private static int[] Maglev(IpvsService service, int[] shares, int size)
    {
        var ring = new int[size];
        Array.Fill(ring, -1);
        var members = Enumerable.Range(0, shares.Length).Where(i => shares[i] > 0).ToArray();
        if (members.Length == 0)
        {
            return ring;
        }
        var offset = new long[shares.Length];
        var skip = new long[shares.Length];
        var next = new long[shares.Length];
        foreach (var i in members)
        {
            var name = IpvsEndpoint.Format(service.Destinations[i].Address, service.Destinations[i].Port);
            offset[i] = (long)(Fnv1a(name, 0xcbf29ce484222325UL) % (ulong)size);
            skip[i] = (long)(Fnv1a(name, 0x84222325cbf29ce4UL) % (ulong)(size - 1)) + 1;
        }
        var filled = 0;
        while (true)
        {
            foreach (var i in members)
            {
                for (var turn = 0; turn < shares[i]; turn++)
                {
                    long slot;
                    do
                    {
                        slot = (offset[i] + next[i]++ * skip[i]) % size;
                    }
                    while (ring[slot] >= 0);
                    ring[slot] = i;
                    if (++filled == size)
                    {
                        return ring;
                    }
                }
            }
        }
    }

    private static ulong Fnv1a(string text, ulong basis)
    {
        var hash = basis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 0x100000001b3UL;
        }
        return hash;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    private static long Lcm(int a, int b) => (long)a / Gcd(a, b) * b;
}
