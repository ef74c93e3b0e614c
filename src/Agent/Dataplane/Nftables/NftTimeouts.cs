using System.Globalization;
using System.Text;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// The connection timeouts of the services' connections, as conntrack timeout policies (<c>ct timeout</c> objects)
/// that every service's NAT chain attaches to a new connection through the <c>timeouts</c> chain; other connections
/// on the director keep the kernel's. IPVS's three map onto conntrack's states: tcp is an established TCP connection,
/// tcpfin one after a FIN (fin_wait), udp a UDP flow either way (unreplied and replied). A policy cannot be changed in
/// place, so each set of values is its own object, named by them (<c>tcp4_900_120</c>, <c>udp6_300</c>): a change adds
/// the new objects, points the chain at them and deletes the old ones, in the same transaction as the version.
/// </summary>
internal static class NftTimeouts
{
    /// <summary>Rules in the timeouts chain: TCP and UDP for each family.</summary>
    public const int RuleCount = 4;

    /// <summary>
    /// Points the timeouts chain at objects with <paramref name="timeouts"/>, creating them, and deletes the objects
    /// in <paramref name="previous"/> that are no longer used.
    /// </summary>
    public static void Write(StringBuilder script, IpvsTimeouts timeouts, IReadOnlyCollection<string> previous)
    {
        var names = new List<string>();
        script.AppendLine($"flush chain {NftNames.Table} timeouts");
        foreach (var flow in new[] { FlowClass.Tcp4, FlowClass.Tcp6 })
        {
            var (family, l3) = (flow.FamilySuffix, flow.Ip);
            var tcp = NftNames.Timeout("tcp", family, timeouts.Tcp, timeouts.TcpFin);
            var udp = NftNames.Timeout("udp", family, timeouts.Udp);
            script.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"add ct timeout {NftNames.Table} {tcp} {{ protocol tcp; l3proto {l3}; policy = {{ established: {timeouts.Tcp}, fin_wait: {timeouts.TcpFin} }}; }}"));
            script.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"add ct timeout {NftNames.Table} {udp} {{ protocol udp; l3proto {l3}; policy = {{ unreplied: {timeouts.Udp}, replied: {timeouts.Udp} }}; }}"));
            script.AppendLine($"add rule {NftNames.Table} timeouts meta nfproto {flow.NfProto} meta l4proto tcp ct timeout set \"{tcp}\"");
            script.AppendLine($"add rule {NftNames.Table} timeouts meta nfproto {flow.NfProto} meta l4proto udp ct timeout set \"{udp}\"");
            names.AddRange([tcp, udp]);
        }
        foreach (var old in previous.Except(names, StringComparer.Ordinal))
        {
            script.AppendLine($"delete ct timeout {NftNames.Table} {old}");
        }
    }

    /// <summary>
    /// The timeouts the objects named <paramref name="referenced"/> hold (the IPv4 ones; both families are always
    /// written alike), or null when they are not a complete set of ours.
    /// </summary>
    public static IpvsTimeouts? Parse(IReadOnlyCollection<string> referenced)
    {
        var tcp = referenced.Select(n => n.Split('_')).FirstOrDefault(p => p.Length == 3 && p[0] == "tcp4");
        var udp = referenced.Select(n => n.Split('_')).FirstOrDefault(p => p.Length == 2 && p[0] == "udp4");
        return referenced.Count == RuleCount && tcp is not null && udp is not null
            && int.TryParse(tcp[1], NumberStyles.None, CultureInfo.InvariantCulture, out var established)
            && int.TryParse(tcp[2], NumberStyles.None, CultureInfo.InvariantCulture, out var finWait)
            && int.TryParse(udp[1], NumberStyles.None, CultureInfo.InvariantCulture, out var flow)
            ? new IpvsTimeouts(established, finWait, flow)
            : null;
    }
}
