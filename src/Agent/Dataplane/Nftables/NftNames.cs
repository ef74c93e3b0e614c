using System.Globalization;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// The names in PiranhaNet's nftables table. The table is <c>inet piranhanet</c>; each service's own objects carry an
/// id made from its key (<c>tcp_192.0.2.10_80</c>, <c>udp_2001-db8--1_53</c>, <c>fwm4_7</c>), so an operator reading
/// <c>nft list table inet piranhanet</c> sees which service each chain and map is. Names are only ever derived from
/// keys, never parsed back: the dispatch maps say which key a chain serves.
/// </summary>
internal static class NftNames
{
    /// <summary>The table's family and name, as nft commands take them.</summary>
    public const string Table = "inet piranhanet";

    /// <summary>The table's name alone.</summary>
    public const string TableName = "piranhanet";

    /// <summary>The id of a service: protocol, address (IPv6 colons as dashes) and port, or the mark and family.</summary>
    public static string ServiceId(IpvsServiceKey key) => key.Address is null
        ? $"fwm{FlowClass.Of(key).FamilySuffix}_{key.FirewallMark.ToString(CultureInfo.InvariantCulture)}"
        : $"{key.Protocol.ToString().ToLowerInvariant()}_{key.Address.ToString().Replace(':', '-')}_{key.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The service's NAT chain: persistence, then the scheduling rule.</summary>
    public static string ServiceChain(string id) => $"svc_{id}";

    /// <summary>The service's slot ring: slot number to real server.</summary>
    public static string Ring(string id) => $"ring_{id}";

    /// <summary>The service's real servers and their weights.</summary>
    public static string Weights(string id) => $"weights_{id}";

    /// <summary>The service's persistence map: client (masked) to real server, with the persistence timeout.</summary>
    public static string Sticky(string id) => $"sticky_{id}";

    /// <summary>The chain that records and refreshes a client's real server in <see cref="Sticky"/>.</summary>
    public static string StickChain(string id) => $"stick_{id}";

    /// <summary>A dispatch map from service to its NAT chain: <c>services4</c>, <c>services6</c>, <c>marks4</c>, <c>marks6</c>.</summary>
    public static string Dispatch(FlowClass flow) => (flow.IsMark ? "marks" : "services") + flow.FamilySuffix;

    /// <summary>
    /// The set of services whose connections are masqueraded when the agent is asked to: keyed as the dispatch map
    /// (<c>masquerade4</c>, <c>masquerade_marks6</c>), which as a verdict map cannot be looked up by itself.
    /// </summary>
    public static string Masquerade(FlowClass flow) => (flow.IsMark ? "masquerade_marks" : "masquerade") + flow.FamilySuffix;

    /// <summary>The class's map from service to its <see cref="StickChain"/>.</summary>
    public static string StickDispatch(FlowClass flow) => $"stick_{flow.Name}";

    /// <summary>The class's counting chain.</summary>
    public static string CountChain(FlowClass flow) => $"count_{flow.Name}";

    /// <summary>A counting set of the class: per real server (<c>in_tcp4</c>) or per service (<c>svc_in_tcp4</c>).</summary>
    public static string Counting(CountingSet set, FlowClass flow) => $"{(set.PerService ? "svc_" : "")}{set.Direction}_{flow.Name}";

    /// <summary>The connection timeout object of a protocol and family with its values in the name (<c>tcp4_900_120</c>).</summary>
    public static string Timeout(string protocol, string familySuffix, params int[] seconds) =>
        $"{protocol}{familySuffix}_{string.Join('_', seconds.Select(s => s.ToString(CultureInfo.InvariantCulture)))}";
}

/// <summary>One of the six counting sets of a class: packets in, packets out or new connections, per real server or per service.</summary>
/// <param name="Direction"><c>in</c> (client to server), <c>out</c> (server to client) or <c>new</c> (first packets: connections).</param>
/// <param name="PerService">True for the service's totals, false for each real server's.</param>
internal sealed record CountingSet(string Direction, bool PerService)
{
    /// <summary>All six, in the order the counting chain matches them.</summary>
    public static readonly IReadOnlyList<CountingSet> All =
        [new("in", false), new("out", false), new("new", false), new("in", true), new("out", true), new("new", true)];
}
