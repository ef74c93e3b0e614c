using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;
using PiranhaNet.Core.Scheduling;
using PiranhaNet.Core.Validation;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Dataplanes;

/// <summary>
/// What the nftables dataplane cannot carry out, said of the configuration: nftables picks a real server from a ring
/// of slots by a counter or a hash, so schedulers that compare live connection counts (lc, wlc, sed, nq, lblc, lblcr,
/// ovf, twos) and connection thresholds have nothing to work with; it translates addresses, so direct routing and
/// tunnelling (which IPVS does by rewriting each packet's MAC address or wrapping it) are not done; and it has no
/// connection sync daemon. Nothing is approximated: each of these is a refusal naming the field and the reason.
/// What is checked is what the agent will program (see <see cref="Ipvs.DesiredTable"/>): active virtual servers, their
/// real servers in service (active, not in maintenance) and their sorry server; the rest is checked when it is made active.
/// </summary>
public static class NftablesLimits
{
    /// <summary>The schedulers the nftables dataplane carries out.</summary>
    public static readonly IReadOnlySet<string> Schedulers = new HashSet<string>(StringComparer.Ordinal)
    {
        SchedulerNames.RoundRobin, SchedulerNames.WeightedRoundRobin, SchedulerNames.WeightedFailover,
        SchedulerNames.SourceHashing, SchedulerNames.DestinationHashing, SchedulerNames.MaglevHashing,
    };

    /// <summary>The schedulers, as a message lists them.</summary>
    public const string SchedulerList = "rr, wrr, sh, dh, mh or fo";

    /// <summary>Every problem with carrying <paramref name="config"/> out on nftables: field, value and reason.</summary>
    public static IEnumerable<ValidationError> Check(LvsConfig config)
    {
        if (config.Service == ServiceKind.Fos)
        {
            yield break;   // failover services run no load-balanced services
        }
        if (config.Global.SyncDaemon.Enabled)
        {
            yield return new(Field(Field(Global, "syncDaemon"), "enabled"), "true",
                "the connection sync daemon is IPVS's: the nftables dataplane has none, so connections are not copied to the backup director");
        }
        if (config.Global.Network != NetworkType.Nat && config.VirtualServers.Any(v => v.Active && v.ForwardingMethod is null))
        {
            yield return new(Field(Global, "network"), Name(config.Global.Network), ForwardingProblem(config.Global.Network));
        }
        foreach (var vs in config.VirtualServers)
        {
            foreach (var problem in Check(vs))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<ValidationError> Check(VirtualServerConfig vs)
    {
        if (!vs.Active)
        {
            yield break;
        }
        var path = VirtualServer(vs.Name);
        if (!Schedulers.Contains(vs.Scheduler) && SchedulerCatalog.Find(vs.Scheduler) is not null)
        {
            yield return new(Field(path, "scheduler"), vs.Scheduler,
                $"scheduler {vs.Scheduler} picks by live connection counts, which the nftables dataplane does not keep: choose {SchedulerList}");
        }
        if (vs.ForwardingMethod is { } method && method != NetworkType.Nat)
        {
            yield return new(Field(path, "forwardingMethod"), Name(method), ForwardingProblem(method));
        }
        var serving = vs.RealServers.Where(r => r.Active && !r.Maintenance).ToList();
        foreach (var rs in serving.Where(r => r.UpperThreshold != 0 || r.LowerThreshold != 0))
        {
            var field = rs.UpperThreshold != 0 ? "upperThreshold" : "lowerThreshold";
            yield return new(Field(RealServer(vs.Name, rs.Name), field), (rs.UpperThreshold != 0 ? rs.UpperThreshold : rs.LowerThreshold).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "connection thresholds need live connection counts, which the nftables dataplane does not keep");
        }
        // Where each destination the agent may program is written: the real servers in service and the sorry server,
        // which takes the virtual server's own port (none for a firewall mark: the packet's own).
        var defaultPort = vs.FirewallMark is null ? vs.Port : 0;
        var destinations = serving.Select(r => (Path: Field(RealServer(vs.Name, r.Name), "address"), r.Address, Port: r.Port ?? defaultPort)).ToList();
        if (vs.SorryServer is { } sorry)
        {
            destinations.Add((Field(path, "sorryServer"), sorry, defaultPort));
        }
        var ports = destinations.Select(d => d.Port).Distinct().ToList();
        var withSorry = vs.SorryServer is null ? "" : " (the sorry server included)";
        if (vs.FirewallMark is not null)
        {
            if (ports.Contains(0) && ports.Count > 1)
            {
                yield return new(Field(path, "realServers"), null,
                    $"on the nftables dataplane a firewall-mark virtual server's real servers{withSorry} all keep the packet's port (no port) or all name one");
            }
            foreach (var shared in destinations.GroupBy(d => AddressText.TryParse(d.Address, out var a) ? a : IPAddress.None).Where(g => g.Count() > 1))
            {
                yield return new(shared.Skip(1).First().Path, shared.Key.ToString(),
                    $"on the nftables dataplane a firewall-mark virtual server counts its real servers by address, and {shared.Key} is there twice{withSorry}");
            }
        }
        if (vs.Persistent > 0 && AddressText.TryParse(vs.Address, out var vip) && vip.AddressFamily == AddressFamily.InterNetworkV6 && ports.Count > 1)
        {
            yield return new(Field(path, "persistent"), vs.Persistent.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"an IPv6 persistent virtual server's real servers{withSorry} must share one port on the nftables dataplane (it remembers a client's server by address)");
        }
    }

    private static string ForwardingProblem(NetworkType method) =>
        $"{Name(method)} is not done by the nftables dataplane: it translates addresses (nat), where {(method == NetworkType.Direct ? "direct routing rewrites each packet's MAC address" : "tunnelling wraps each packet")} in IPVS";

    private static string Name(NetworkType method) => method.ToString().ToLowerInvariant();
}
