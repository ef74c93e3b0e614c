using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Agent.Dataplane.Userspace.Schedulers;

/// <summary>Creates the userspace scheduler for an IPVS scheduler name and its flags.</summary>
internal static class UserspaceSchedulers
{
    /// <summary>A new scheduler (each service has its own, as schedulers keep per-service state).</summary>
    public static IUserspaceScheduler Create(string name, uint flags) => name switch
    {
        SchedulerNames.RoundRobin => new RoundRobinScheduler(),
        SchedulerNames.WeightedRoundRobin => new WeightedRoundRobinScheduler(),
        SchedulerNames.LeastConnection => new LeastLoadScheduler(LeastLoadScheduler.Measure.Connections),
        // lblc and lblcr keep a destination per destination IP; behind a proxy every connection has the VIP
        // as its destination, so they reduce to weighted least-connection.
        SchedulerNames.WeightedLeastConnection or SchedulerNames.LocalityBasedLeastConnection
            or SchedulerNames.LocalityBasedLeastConnectionWithReplication => new LeastLoadScheduler(LeastLoadScheduler.Measure.WeightedConnections),
        SchedulerNames.ShortestExpectedDelay => new LeastLoadScheduler(LeastLoadScheduler.Measure.ShortestExpectedDelay),
        SchedulerNames.NeverQueue => new LeastLoadScheduler(LeastLoadScheduler.Measure.NeverQueue),
        SchedulerNames.WeightedFailover => new WeightOrderScheduler(overflow: false),
        SchedulerNames.WeightedOverflow => new WeightOrderScheduler(overflow: true),
        SchedulerNames.SourceHashing => new HashScheduler(hashClient: true, fallback: (flags & SchedulerCatalog.Sched1) != 0),
        SchedulerNames.DestinationHashing => new HashScheduler(hashClient: false, fallback: false),
        SchedulerNames.MaglevHashing => new MaglevScheduler(),
        SchedulerNames.PowerOfTwoChoices => new PowerOfTwoScheduler(),
        _ => throw new ArgumentException($"scheduler '{name}' is not known to the userspace dataplane", nameof(name)),
    };

    /// <summary>
    /// The destinations that take new connections, each with its weight read once: a configuration change may
    /// swap a weight to 0 between a check and a division.
    /// </summary>
    public static List<(DestinationState Destination, int Weight)> AvailableWithWeights(IReadOnlyList<DestinationState> destinations) =>
        [.. destinations.Select(d => (Destination: d, Weight: d.Weight)).Where(d => d.Weight > 0 && d.Destination.Available)];
}
