using System.Net;

namespace PiranhaNet.Core.Ipvs;

/// <summary>One real server of an IPVS service, as desired or as the kernel holds it.</summary>
/// <param name="Address">The real server's address.</param>
/// <param name="Port">Its port (0 with a firewall-mark service means the packet's own port).</param>
/// <param name="Forwarding">NAT, direct routing or tunnelling.</param>
/// <param name="Weight">Scheduling weight; 0 takes no new connections.</param>
/// <param name="UpperThreshold">Connections above which the destination takes no new ones (0 = no limit).</param>
/// <param name="LowerThreshold">Connections below which it takes new ones again (0 = no limit).</param>
public sealed record IpvsDestination(IPAddress Address, int Port, IpvsForwarding Forwarding, int Weight, uint UpperThreshold = 0, uint LowerThreshold = 0)
{
    /// <summary>The (address, port) pair that identifies a destination within its service.</summary>
    public (IPAddress Address, int Port) Key => (Address, Port);
}
