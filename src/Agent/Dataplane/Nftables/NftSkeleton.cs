using System.Text;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// The fixed part of PiranhaNet's table, that every service hangs off: the dispatch maps from a service's address
/// (or firewall mark) to its NAT chain, the NAT hooks (prerouting for clients elsewhere, output for clients on the
/// director), the counting sets and chains of each <see cref="FlowClass"/>, and the connection timeouts.
/// <code>
///   prerouting/output (nat, dstnat)  marks4/6, services4/6  ─jump─► svc_ID (timeouts, persistence, ring)
///   count/count_local (filter, +10)  ─jump─► count_CLASS: in/out/new per real server and per service, stick_CLASS ─► stick_ID
/// </code>
/// Counting happens after the translation (priority 10): a packet to a service already names its real server, and a
/// reply still comes from it (a reply is translated back only on its way out). Firewall-mark services copy the packet
/// mark to the connection (as CONNMARK --save-mark would), so their replies can be counted too. With
/// <paramref name="masquerade"/>, the postrouting chain (srcnat) masquerades the services' connections, which it finds
/// by their original destination in the masquerade sets (every service is in them; only the rules depend on it).
/// </summary>
internal sealed class NftSkeleton(bool masquerade)
{
    /// <summary>
    /// The comment of prerouting's first rule: which layout of the table wrote it. A change to what this class or
    /// <see cref="NftServiceScript"/> writes changes it, so tables written before are read as damaged and rewritten.
    /// </summary>
    public const string Layout = "piranhanet layout 1";

    /// <summary>The fixed chains and how many rules each holds when intact.</summary>
    public IReadOnlyDictionary<string, int> ChainRules => field ??= Rules().ToDictionary(r => r.Chain, r => r.Rules.Length, StringComparer.Ordinal)
        .Append(KeyValuePair.Create("timeouts", NftTimeouts.RuleCount)).ToDictionary(StringComparer.Ordinal);

    /// <summary>The fixed sets and maps, by name.</summary>
    public static IEnumerable<string> SetNames => Sets().Select(s => s.Name);

    /// <summary>
    /// Creates whatever fixed object is missing (nft's add creates, and leaves an existing one alone), and the table
    /// itself when <paramref name="withTable"/> (its comment is set when it is made).
    /// </summary>
    public static void AddObjects(StringBuilder script, bool withTable)
    {
        if (withTable)
        {
            script.AppendLine($"add table {NftNames.Table} {{ comment \"written by piranhanet-agent: changes made here are undone at its next reconcile\"; }}");
        }
        foreach (var (name, declaration) in Sets())
        {
            script.AppendLine($"add {declaration.Split(' ')[0]} {NftNames.Table} {name} {{ {declaration[(declaration.IndexOf(' ') + 1)..]}; }}");
        }
        foreach (var flow in FlowClass.All)
        {
            script.AppendLine($"add chain {NftNames.Table} {NftNames.CountChain(flow)}");
        }
        script.AppendLine($"add chain {NftNames.Table} timeouts");
        script.AppendLine($"add chain {NftNames.Table} prerouting {{ type nat hook prerouting priority dstnat; policy accept; }}");
        script.AppendLine($"add chain {NftNames.Table} output {{ type nat hook output priority -100; policy accept; }}");
        script.AppendLine($"add chain {NftNames.Table} count {{ type filter hook prerouting priority 10; policy accept; }}");
        script.AppendLine($"add chain {NftNames.Table} count_local {{ type filter hook output priority 10; policy accept; }}");
        script.AppendLine($"add chain {NftNames.Table} postrouting {{ type nat hook postrouting priority srcnat; policy accept; }}");
    }

    // Each fixed set or map: its name, and "set|map" followed by its declaration.
    private static IEnumerable<(string Name, string Declaration)> Sets()
    {
        foreach (var suffix in new[] { "4", "6" })
        {
            var address = suffix == "4" ? "ipv4_addr" : "ipv6_addr";
            yield return ($"services{suffix}", $"map type inet_proto . {address} . inet_service : verdict");
            yield return ($"marks{suffix}", "map type mark : verdict");
            yield return ($"masquerade{suffix}", $"set type inet_proto . {address} . inet_service");
            yield return ($"masquerade_marks{suffix}", "set type mark");
        }
        foreach (var flow in FlowClass.All)
        {
            foreach (var set in CountingSet.All)
            {
                yield return (NftNames.Counting(set, flow), $"set type {CountingKeyType(flow, set.PerService)}; counter");
            }
            yield return (NftNames.StickDispatch(flow), $"map type {CountingKeyType(flow, perService: true)} : verdict");
        }
    }

    /// <summary>Empties the fixed chains other than timeouts and writes their rules again.</summary>
    public void WriteRules(StringBuilder script)
    {
        foreach (var (chain, rules) in Rules())
        {
            script.AppendLine($"flush chain {NftNames.Table} {chain}");
            foreach (var rule in rules)
            {
                script.AppendLine($"add rule {NftNames.Table} {chain} {rule}");
            }
        }
    }

    // The key type of a class's counting sets: service address and port (and the real server's), or the mark (and
    // the real server's address: a firewall-mark service keeps the packet's port, so its servers are told apart by address).
    private static string CountingKeyType(FlowClass flow, bool perService) => (flow.IsMark, perService) switch
    {
        (true, true) => "mark",
        (true, false) => $"mark . {flow.AddressType}",
        (false, true) => $"{flow.AddressType} . inet_service",
        _ => $"{flow.AddressType} . inet_service . {flow.AddressType} . inet_service",
    };

    private IEnumerable<(string Chain, string[] Rules)> Rules()
    {
        string[] dispatch =
        [
            $"meta nfproto ipv4 meta mark vmap @marks4 comment \"{Layout}\"",
            "meta nfproto ipv6 meta mark vmap @marks6",
            "meta nfproto ipv4 meta l4proto . ip daddr . th dport vmap @services4",
            "meta nfproto ipv6 meta l4proto . ip6 daddr . th dport vmap @services6",
        ];
        string[] count =
        [
            // Connections nothing translated are not a service's: the director's other traffic leaves at once.
            "ct status ! dnat accept",
            "ct mark != 0 meta nfproto vmap { ipv4 : jump count_fwm4, ipv6 : jump count_fwm6 }",
            "meta nfproto . meta l4proto vmap { ipv4 . tcp : jump count_tcp4, ipv4 . udp : jump count_udp4, ipv6 . tcp : jump count_tcp6, ipv6 . udp : jump count_udp6 }",
        ];
        yield return ("prerouting", dispatch);
        yield return ("output", dispatch);
        yield return ("count", count);
        yield return ("count_local", count);
        foreach (var flow in FlowClass.All)
        {
            yield return (NftNames.CountChain(flow), CountRules(flow));
        }
        yield return ("postrouting", masquerade ? MasqueradeRules : []);
    }

    // A service's connection, by its original destination: the real servers see the director's address.
    private static readonly string[] MasqueradeRules =
    [
        "meta nfproto ipv4 ct mark @masquerade_marks4 masquerade",
        "meta nfproto ipv6 ct mark @masquerade_marks6 masquerade",
        .. from family in new[] { "4", "6" }
           from protocol in new[] { "tcp", "udp" }
           let ip = family == "4" ? "ip" : "ip6"
           select $"meta nfproto ipv{family} meta l4proto {protocol} meta l4proto . ct original {ip} daddr . ct original proto-dst @masquerade{family} masquerade",
    ];

    // Per real server: the connection's original destination (the service) and the real server it went to (the
    // packet's destination one way, its source the other way). Per service: the original destination alone.
    private static string[] CountRules(FlowClass flow)
    {
        var ip = flow.Ip;
        string service, toServer, fromServer, context;
        if (flow.IsMark)
        {
            (context, service) = ("", "ct mark");
            (toServer, fromServer) = ($"ct mark . {ip} daddr", $"ct mark . {ip} saddr");
        }
        else
        {
            (context, service) = ($"meta l4proto {flow.Protocol} ", $"ct original {ip} daddr . ct original proto-dst");
            (toServer, fromServer) = ($"{service} . {ip} daddr . th dport", $"{service} . {ip} saddr . th sport");
        }
        return
        [
            $"{context}ct direction original {toServer} @in_{flow.Name}",
            $"{context}ct direction reply {fromServer} @out_{flow.Name}",
            $"{context}ct state new {toServer} @new_{flow.Name}",
            $"{context}ct direction original {service} @svc_in_{flow.Name}",
            $"{context}ct direction reply {service} @svc_out_{flow.Name}",
            $"{context}ct state new {service} @svc_new_{flow.Name}",
            $"{context}ct direction original {service} vmap @{NftNames.StickDispatch(flow)}",
        ];
    }

}
