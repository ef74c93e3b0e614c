namespace PiranhaNet.Core.Ipvs;

/// <summary>Which columns the routing table shows, as ipvsadm's options choose them.</summary>
public enum RoutingTableView
{
    /// <summary><c>ipvsadm -Ln</c>: forwarding, weight, active and inactive connections.</summary>
    Connections,
    /// <summary><c>ipvsadm -Ln --stats</c>: connections, packets and bytes since creation.</summary>
    Stats,
    /// <summary><c>ipvsadm -Ln --rate</c>: the same per second.</summary>
    Rates,
}
