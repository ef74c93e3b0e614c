using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Ipvs;

/// <summary>A service as the dataplane reports it, with its destinations. <see cref="Service"/>'s destination list is not used.</summary>
public sealed record IpvsServiceStatus(IpvsService Service, IpvsCounters Stats, IpvsRates Rates, EquatableArray<IpvsDestinationStatus> Destinations)
{
    /// <summary>The status of a service nobody has measured yet (a desired table before any report).</summary>
    public static IpvsServiceStatus Unmeasured(IpvsService service) => new(service, IpvsCounters.Zero, IpvsRates.Zero,
        service.Destinations.Select(d => new IpvsDestinationStatus(d, 0, 0, IpvsCounters.Zero, IpvsRates.Zero)).ToEquatableArray());
}
