namespace PiranhaNet.Core.Ipvs;

/// <summary>How IPVS forwards to a destination (IP_VS_CONN_F_MASQ / _DROUTE / _TUNNEL); ipvsadm -m / -g / -i.</summary>
public enum IpvsForwarding
{
    /// <summary>NAT ("Masq").</summary>
    Masquerade,
    /// <summary>Direct routing ("Route").</summary>
    Route,
    /// <summary>IP-in-IP tunnelling ("Tunnel").</summary>
    Tunnel,
}
