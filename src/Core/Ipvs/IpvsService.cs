using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Ipvs;

/// <summary>One IPVS service with its destinations, as desired or as the kernel holds it. Value equality.</summary>
/// <param name="Key">Protocol/VIP/port or firewall mark.</param>
/// <param name="Scheduler">Kernel scheduler name, e.g. <c>wlc</c>.</param>
/// <param name="SchedulerFlags">IP_VS_SVC_F_SCHED1/2/3 bits (sh-fallback, sh-port, ...).</param>
/// <param name="PersistenceTimeout">Seconds a client sticks to its destination; 0 = not persistent.</param>
/// <param name="PersistencePrefix">Persistence netmask as a prefix length (32 or 128 = one client address).</param>
/// <param name="Destinations">The real servers, in configuration order.</param>
public sealed record IpvsService(
    IpvsServiceKey Key,
    string Scheduler,
    uint SchedulerFlags,
    uint PersistenceTimeout,
    int PersistencePrefix,
    EquatableArray<IpvsDestination> Destinations)
{
    /// <summary>True when the service's own settings (not its destinations) equal <paramref name="other"/>'s.</summary>
    public bool SameSettings(IpvsService other) =>
        Key == other.Key && Scheduler == other.Scheduler && SchedulerFlags == other.SchedulerFlags
        && PersistenceTimeout == other.PersistenceTimeout && PersistencePrefix == other.PersistencePrefix;
}
