namespace PiranhaNet.Core.Ipvs;

/// <summary>A destination as the dataplane reports it: its settings, connections, counters and rates.</summary>
public sealed record IpvsDestinationStatus(IpvsDestination Destination, uint ActiveConnections, uint InactiveConnections, IpvsCounters Stats, IpvsRates Rates);
