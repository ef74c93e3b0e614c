using System.Collections.Frozen;

namespace PiranhaNet.Core.Scheduling;

/// <summary>
/// Every IPVS scheduler PiranhaNet knows, resolved by kernel name. One table rather than a class per
/// scheduler: the descriptors are pure data, and the kernel implements the behaviour.
/// </summary>
public static class SchedulerCatalog
{
    /// <summary>IP_VS_SVC_F_SCHED1 from include/uapi/linux/ip_vs.h: sh-fallback and mh-fallback.</summary>
    public const uint Sched1 = 0x0008;

    /// <summary>IP_VS_SVC_F_SCHED2: sh-port and mh-port.</summary>
    public const uint Sched2 = 0x0010;

    /// <summary>Every scheduler flag bit (IP_VS_SVC_F_SCHED1..3), the part of a service's flags schedulers own.</summary>
    public const uint AllSchedulerFlags = Sched1 | Sched2 | 0x0020;

    private static readonly FrozenDictionary<string, uint> s_noFlags = FrozenDictionary<string, uint>.Empty;

    /// <summary>All schedulers in the order the UI lists them.</summary>
    public static IReadOnlyList<SchedulerDescriptor> All { get; } =
    [
        new(SchedulerNames.WeightedLeastConnection, "Weighted least-connection",
            "Fewest active connections relative to weight (default).", true, s_noFlags),
        new(SchedulerNames.LeastConnection, "Least-connection",
            "Fewest active connections; weights ignored.", false, s_noFlags),
        new(SchedulerNames.RoundRobin, "Round robin",
            "Each real server in turn; weights ignored.", false, s_noFlags),
        new(SchedulerNames.WeightedRoundRobin, "Weighted round robin",
            "In turn, in proportion to weight.", true, s_noFlags),
        new(SchedulerNames.LocalityBasedLeastConnection, "Locality-based least-connection",
            "Same server for a destination IP unless it is overloaded (proxy caches).", true, s_noFlags),
        new(SchedulerNames.LocalityBasedLeastConnectionWithReplication, "Locality-based least-connection with replication",
            "A set of servers per destination IP, grown when all are busy.", true, s_noFlags),
        new(SchedulerNames.DestinationHashing, "Destination hashing",
            "Static hash of the destination IP.", true, s_noFlags),
        new(SchedulerNames.SourceHashing, "Source hashing",
            "Static hash of the client IP: a client keeps its server.", true,
            new Dictionary<string, uint> { [SchedulerFlagNames.ShFallback] = Sched1, [SchedulerFlagNames.ShPort] = Sched2 }.ToFrozenDictionary()),
        new(SchedulerNames.ShortestExpectedDelay, "Shortest expected delay",
            "Lowest (active connections + 1) / weight.", true, s_noFlags),
        new(SchedulerNames.NeverQueue, "Never queue",
            "An idle server if any, else shortest expected delay.", true, s_noFlags),
        new(SchedulerNames.WeightedFailover, "Weighted failover",
            "Always the available server with the highest weight.", true, s_noFlags),
        new(SchedulerNames.WeightedOverflow, "Weighted overflow",
            "Highest weight until its active connections exceed its weight.", true, s_noFlags),
        new(SchedulerNames.MaglevHashing, "Maglev hashing",
            "Consistent hash of the client IP; few clients move when servers change.", true,
            new Dictionary<string, uint> { [SchedulerFlagNames.MhFallback] = Sched1, [SchedulerFlagNames.MhPort] = Sched2 }.ToFrozenDictionary()),
        new(SchedulerNames.PowerOfTwoChoices, "Power of two choices",
            "The less loaded of two weighted random picks (kernel 5.11 and later).", true, s_noFlags),
    ];

    private static readonly FrozenDictionary<string, SchedulerDescriptor> s_byName =
        All.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The scheduler with this kernel name, or null when PiranhaNet does not know it.</summary>
    public static SchedulerDescriptor? Find(string name) => s_byName.GetValueOrDefault(name);

    /// <summary>All scheduler names, for error messages.</summary>
    public static IEnumerable<string> Names => All.Select(d => d.Name);
}
