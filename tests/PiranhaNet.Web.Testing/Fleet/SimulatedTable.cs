using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Testing.Fleet;

/// <summary>
/// What a simulated director reports: the table its configuration asks for (<see cref="DesiredTable"/>), every real
/// server up, and traffic that moves from one service to the next each second, so that each status carries a few
/// changed services as a real, mostly idle director's does.
/// </summary>
public static class SimulatedTable
{
    private const ulong ConnectionsPerBusySecond = 100;

    // The real servers' "up since": one moment for the whole process, so that health never changes by itself.
    private static readonly DateTimeOffset s_upSince = DateTimeOffset.UtcNow;

    /// <summary>The director's status in its <paramref name="second"/>th second of reporting.</summary>
    public static DirectorStatus Status(string name, int version, bool running, LvsConfig config, int second)
    {
        var services = running ? DesiredTable.From(config) : [];
        var busy = services.Count == 0 ? -1 : second % services.Count;
        var table = services.Select((service, index) => Traffic(service, index, services.Count, second, index == busy)).ToEquatableArray();
        var health = running
            ? config.VirtualServers.Where(vs => vs.Active).SelectMany(vs => vs.RealServers.Where(rs => rs.Active)
                .Select(rs => new RealServerHealthStatus(vs.Name, rs.Name, HealthState.Up, rs.Weight, "simulated", s_upSince))).ToEquatableArray()
            : [];
        return new DirectorStatus(name, "userspace", running, version, null, table, [], health);
    }

    /// <summary>A real server that went down and came back, as two events; null for a configuration without one.</summary>
    public static EquatableArray<HealthEvent>? Flap(LvsConfig config, DateTimeOffset now) =>
        config.VirtualServers.FirstOrDefault(vs => vs.RealServers.Count > 0) is { } vs
            ? [new HealthEvent(now, vs.Name, vs.RealServers[0].Name, HealthState.Up, HealthState.Down, "simulated: connection refused"),
               new HealthEvent(now, vs.Name, vs.RealServers[0].Name, HealthState.Down, HealthState.Up, "simulated: answering again")]
            : null;

    // Service index has been busy once every `count` seconds; it is busy now when `busy`.
    private static IpvsServiceStatus Traffic(IpvsService service, int index, int count, int second, bool busy)
    {
        var busySeconds = (ulong)(second / count + (index < second % count ? 1 : 0));
        var stats = new IpvsCounters(busySeconds * ConnectionsPerBusySecond, busySeconds * 1000, busySeconds * 900, busySeconds * 64_000, busySeconds * 900_000);
        var rates = busy ? new IpvsRates(ConnectionsPerBusySecond, 1000, 900, 64_000, 900_000) : IpvsRates.Zero;
        var destinations = service.Destinations.Select(d => new IpvsDestinationStatus(d, busy ? 3u : 0u, 0, IpvsCounters.Zero, IpvsRates.Zero)).ToEquatableArray();
        return new IpvsServiceStatus(service, stats, rates, destinations);
    }
}
