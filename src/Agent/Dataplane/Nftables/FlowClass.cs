using System.Net.Sockets;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// The six kinds of service the table keeps apart, because nft needs the address family and (for the original
/// destination port of a connection) the protocol fixed in each rule: TCP or UDP services by address and port, and
/// firewall-mark services, each for IPv4 and IPv6. Each class has its own dispatch map, counting sets and rules.
/// </summary>
/// <param name="Name">Suffix of the class's objects: <c>tcp4</c>, <c>udp6</c>, <c>fwm4</c>...</param>
/// <param name="Family">IPv4 or IPv6.</param>
/// <param name="Protocol">"tcp" or "udp"; null for firewall-mark services, which take any protocol.</param>
internal sealed record FlowClass(string Name, AddressFamily Family, string? Protocol)
{
    public static readonly FlowClass Tcp4 = new("tcp4", AddressFamily.InterNetwork, "tcp");
    public static readonly FlowClass Udp4 = new("udp4", AddressFamily.InterNetwork, "udp");
    public static readonly FlowClass Tcp6 = new("tcp6", AddressFamily.InterNetworkV6, "tcp");
    public static readonly FlowClass Udp6 = new("udp6", AddressFamily.InterNetworkV6, "udp");
    public static readonly FlowClass Mark4 = new("fwm4", AddressFamily.InterNetwork, null);
    public static readonly FlowClass Mark6 = new("fwm6", AddressFamily.InterNetworkV6, null);

    /// <summary>Every class, in the order their rules are written.</summary>
    public static readonly IReadOnlyList<FlowClass> All = [Mark4, Mark6, Tcp4, Udp4, Tcp6, Udp6];

    /// <summary>The class of a service.</summary>
    public static FlowClass Of(IpvsServiceKey key) => (key.Address is null, key.Family == AddressFamily.InterNetworkV6, key.Protocol) switch
    {
        (true, false, _) => Mark4,
        (true, true, _) => Mark6,
        (false, false, TransportProtocol.Tcp) => Tcp4,
        (false, false, _) => Udp4,
        (false, true, TransportProtocol.Tcp) => Tcp6,
        _ => Udp6,
    };

    /// <summary>True for firewall-mark services.</summary>
    public bool IsMark => Protocol is null;

    /// <summary>nft's network-layer keyword: <c>ip</c> or <c>ip6</c>.</summary>
    public string Ip => Family == AddressFamily.InterNetwork ? "ip" : "ip6";

    /// <summary>nft's address type: <c>ipv4_addr</c> or <c>ipv6_addr</c>.</summary>
    public string AddressType => Family == AddressFamily.InterNetwork ? "ipv4_addr" : "ipv6_addr";

    /// <summary>nft's <c>meta nfproto</c> value: <c>ipv4</c> or <c>ipv6</c>.</summary>
    public string NfProto => Family == AddressFamily.InterNetwork ? "ipv4" : "ipv6";

    /// <summary>The address-family suffix of the dispatch maps: <c>4</c> or <c>6</c>.</summary>
    public string FamilySuffix => Family == AddressFamily.InterNetwork ? "4" : "6";
}
