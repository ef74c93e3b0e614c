namespace PiranhaNet.Agent.Interop;

/// <summary>What a gratuitous ARP frame and a packet socket need (linux/if_ether.h, linux/if_arp.h).</summary>
internal static class ArpFrame
{
    /// <summary>ETH_ALEN: bytes of an Ethernet address.</summary>
    public const int EthernetAddressLength = 6;

    /// <summary>ETH_P_ARP.</summary>
    public const ushort EtherTypeArp = 0x0806;

    /// <summary>ETH_P_IP.</summary>
    public const ushort EtherTypeIpv4 = 0x0800;

    /// <summary>ARPHRD_ETHER.</summary>
    public const ushort HardwareEthernet = 1;

    /// <summary>ARPOP_REQUEST: hosts that ignore unsolicited replies still update from a request.</summary>
    public const ushort OperationRequest = 1;

    /// <summary>struct sockaddr_ll.</summary>
    public const int LinkAddressLength = 20;
}

/// <summary>What an unsolicited neighbour advertisement needs (linux/in6.h, linux/icmpv6.h, RFC 4861).</summary>
internal static class NeighbourAdvertisement
{
    /// <summary>SOL_IPV6 (the IPPROTO_IPV6 option level).</summary>
    public const int Ipv6Level = 41;

    /// <summary>IPV6_MULTICAST_IF.</summary>
    public const int MulticastInterface = 17;

    /// <summary>IPV6_MULTICAST_HOPS.</summary>
    public const int MulticastHops = 18;

    /// <summary>NDISC_NEIGHBOUR_ADVERTISEMENT (ICMPv6 type 136).</summary>
    public const byte Type = 136;

    /// <summary>The override flag: neighbours replace what they hold.</summary>
    public const byte OverrideFlag = 0x20;

    /// <summary>ND_OPT_TARGET_LL_ADDR.</summary>
    public const byte TargetLinkAddressOption = 2;
}
