using System.Net;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// What a director of a cluster does under one configuration: which director it is (the one whose public address it
/// holds, as Piranha's pulse found its role), the heartbeat paths to every other director (public to public, and
/// private to private where both have one), the timings and quorum, and each group's floating addresses.
/// </summary>
/// <param name="Self">This director's name, or null when it holds no director's public address (it then forwards but takes no group).</param>
/// <param name="Note">Why it is that director (or none), for the status.</param>
/// <param name="Topology">The cluster's directors and groups.</param>
/// <param name="Peers">Every other director with its paths.</param>
/// <param name="Port">The heartbeat UDP port.</param>
/// <param name="Keepalive">Between heartbeats.</param>
/// <param name="Deadtime">Silence on every path after which a director is dead.</param>
/// <param name="WarnTime">Silence after which a late heartbeat is reported (zero: never).</param>
/// <param name="InitDead">After starting, how long a director not heard yet may still be holding groups.</param>
/// <param name="Quorum">The quorum policy.</param>
/// <param name="MonitorLinks">A lost carrier on a floating address's device is a fault.</param>
/// <param name="Layout">The fingerprint of the group order, carried in heartbeats.</param>
/// <param name="Addresses">Each group's floating addresses (every group has an entry).</param>
/// <param name="Multicast">The multicast group the heartbeats go to, or null for each director's own address.</param>
public sealed record ClusterPlan(string? Self, string Note, ClusterTopology Topology, IReadOnlyList<ClusterPlan.Peer> Peers, int Port, TimeSpan Keepalive,
    TimeSpan Deadtime, TimeSpan WarnTime, TimeSpan InitDead, QuorumPolicy Quorum, bool MonitorLinks, uint Layout,
    IReadOnlyDictionary<string, IReadOnlyList<FloatingAddress>> Addresses, IPAddress? Multicast = null)
{
    /// <summary>Another director and the paths to it.</summary>
    /// <param name="Name">Its name.</param>
    /// <param name="Paths">Public first, then private when both ends have one.</param>
    public sealed record Peer(string Name, IReadOnlyList<HeartbeatPath> Paths);

    /// <summary>
    /// True when <paramref name="config"/> describes a cluster (directors beyond the pair, or failover groups); a
    /// Piranha pair keeps its own state machine and heartbeat (<see cref="RedundancyPlan"/>).
    /// </summary>
    public static bool IsCluster(LvsConfig config) => config.Redundancy.Directors.Count > 0 || config.Redundancy.Groups.Count > 0;

    // With quorum, a director cut off from the majority must have given its groups up before the majority takes them:
    // it counts the others for quorum within half a keepalive less than the dead time, and the majority counts it dead
    // only a keepalive after the dead time. Their last heartbeats may be a keepalive apart; half a keepalive is left over.

    /// <summary>Silence after which another director counts as dead: the dead time, plus a keepalive when quorum applies.</summary>
    public TimeSpan DeadAfter => Deadtime + (ClusterElection.QuorumApplies(Quorum, Topology.Directors.Count) ? Keepalive : TimeSpan.Zero);

    /// <summary>Silence after which another director no longer counts towards quorum: half a keepalive short of the dead time, at least a keepalive.</summary>
    public TimeSpan QuorumWindow => Deadtime - Keepalive / 2 is var window && window > Keepalive ? window : Keepalive;

    /// <summary>The groups <paramref name="packet"/> says its sender holds, by name; none when it was sent on another group layout.</summary>
    public IReadOnlyList<string> GroupsHeldBy(ClusterHeartbeat packet) => packet.Layout != Layout ? []
        : [.. packet.Held.Order().Where(i => i < Topology.Groups.Count).Select(i => Topology.Groups[i].Name)];

    /// <summary>This director's index in the group order of each group name.</summary>
    public int GroupIndex(string group)
    {
        for (var i = 0; i < Topology.Groups.Count; i++)
        {
            if (Topology.Groups[i].Name == group)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The plan for a director holding <paramref name="localAddresses"/> under <paramref name="config"/>.</summary>
    public static ClusterPlan For(LvsConfig config, IReadOnlySet<IPAddress> localAddresses)
    {
        var topology = ClusterTopology.Of(config);
        var self = topology.Directors.FirstOrDefault(d => AddressText.TryParse(d.Address, out var ip) && localAddresses.Contains(ip));
        var note = self is null
            ? $"none of the directors' public addresses ({string.Join(", ", topology.Directors.Select(d => d.Address))}) is on this director: it forwards but takes no group"
            : $"director {self.Name} ({self.Address} is on this director)";
        var peers = self is null ? [] : topology.Directors.Where(d => d != self).Select(d => new Peer(d.Name, PathsTo(self, d))).ToList();
        var addresses = topology.Groups.ToDictionary(g => g.Name, g => (IReadOnlyList<FloatingAddress>)[], StringComparer.Ordinal);
        foreach (var (address, group) in FloatingAddresses.Of(config))
        {
            if (addresses.TryGetValue(group, out var list))
            {
                addresses[group] = [.. list, address];
            }
        }
        var r = config.Redundancy;
        return new ClusterPlan(self?.Name, note, topology, peers, r.HeartbeatPort, TimeSpan.FromSeconds(r.Keepalive), TimeSpan.FromSeconds(r.Deadtime),
            TimeSpan.FromSeconds(r.WarnTime), TimeSpan.FromSeconds(r.InitDead > 0 ? r.InitDead : r.Deadtime), r.Quorum, r.MonitorLinks,
            ClusterHeartbeat.LayoutOf(topology.Groups.Select(g => g.Name)), addresses, AddressText.TryParse(r.Multicast, out var multicast) ? multicast : null);
    }

    private static List<HeartbeatPath> PathsTo(ClusterTopology.Director self, ClusterTopology.Director peer)
    {
        var paths = new List<HeartbeatPath>();
        if (AddressText.TryParse(self.Address, out var local) && AddressText.TryParse(peer.Address, out var remote))
        {
            paths.Add(new HeartbeatPath("public", local, remote));
        }
        if (AddressText.TryParse(self.PrivateAddress, out var localPrivate) && AddressText.TryParse(peer.PrivateAddress, out var remotePrivate))
        {
            paths.Add(new HeartbeatPath("private", localPrivate, remotePrivate));
        }
        return paths;
    }
}
