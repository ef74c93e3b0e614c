using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// The cluster as the dashboard shows it: each failover group with its members, who holds it by the directors' own
/// reports and why, and the operator's move; each director with what it is doing, its quorum, what it holds and its
/// heartbeat paths to the others; and warnings (a group on two directors, a group on none, no quorum, a late or
/// silent director, another heartbeat key, another configuration).
/// </summary>
/// <param name="Groups">The configuration's groups, in its order.</param>
/// <param name="Directors">Every director reporting as part of the cluster, by enrolled name.</param>
/// <param name="Warnings">What an operator should look at.</param>
public sealed record ClusterView(IReadOnlyList<ClusterView.Group> Groups, IReadOnlyList<ClusterView.Director> Directors, IReadOnlyList<DirectorPair.Warning> Warnings)
{
    /// <summary>A failover group.</summary>
    /// <param name="Name">Its name.</param>
    /// <param name="Members">Its directors with their priorities, most preferred first.</param>
    /// <param name="Failback">It returns to a more preferred director.</param>
    /// <param name="HeldBy">The directors (configuration names) that report holding it: one when all is well.</param>
    /// <param name="Reason">Why, as the holder (or else the first reporting director) decided.</param>
    /// <param name="MovedTo">The director the operator moved it to, or null.</param>
    public sealed record Group(string Name, IReadOnlyList<GroupMemberConfig> Members, bool Failback, IReadOnlyList<string> HeldBy, string Reason, string? MovedTo);

    /// <summary>A director as it reports itself.</summary>
    /// <param name="Agent">Its enrolled name (the agent's).</param>
    /// <param name="Name">Its name in the configuration, or null when it holds none of the directors' addresses.</param>
    /// <param name="Connected">Its agent is connected now.</param>
    /// <param name="Condition">What it is doing as a member.</param>
    /// <param name="Operation">What the operator asked of it (paused, draining), or null.</param>
    /// <param name="HasQuorum">It hears a majority, or quorum does not apply.</param>
    /// <param name="Quorum">How many it hears of how many.</param>
    /// <param name="Holds">The groups it holds.</param>
    /// <param name="Peers">The other directors as it hears them.</param>
    /// <param name="KeyFingerprint">Its heartbeat key's fingerprint.</param>
    public sealed record Director(string Agent, string? Name, bool Connected, MemberCondition Condition, string? Operation, bool HasQuorum, string Quorum,
        IReadOnlyList<string> Holds, IReadOnlyList<ClusterPeerStatus> Peers, string? KeyFingerprint);

    /// <summary>
    /// The view of <paramref name="config"/>'s cluster from the registry's <paramref name="views"/>, the operator's
    /// <paramref name="operations"/> and <paramref name="moves"/>, and the dashboard's key fingerprint.
    /// </summary>
    public static ClusterView From(LvsConfig config, IEnumerable<AgentView> views, IReadOnlyList<ClusterOperationsStore.DirectorOperation> operations,
        IReadOnlyList<ClusterOperationsStore.Move> moves, string? keyFingerprint)
    {
        var directors = views.Where(v => v.Status?.Redundancy?.Cluster is not null).OrderBy(v => v.Name, StringComparer.Ordinal).Select(v =>
        {
            var (redundancy, cluster) = (v.Status!.Redundancy!, v.Status.Redundancy!.Cluster!);
            var operation = operations.FirstOrDefault(o => o.Director == v.Name)?.Operation.ToString().ToLowerInvariant();
            return new Director(v.Name, cluster.Self, v.Connected, cluster.Condition, operation, cluster.HasQuorum, cluster.Quorum,
                [.. cluster.Groups.Where(g => g.HeldHere).Select(g => g.Name)], [.. cluster.Peers], redundancy.KeyFingerprint);
        }).ToList();
        var live = directors.Where(d => d.Connected).ToList();
        var reports = views.Where(v => v.Connected && v.Status?.Redundancy?.Cluster is not null).Select(v => v.Status!.Redundancy!.Cluster!).ToList();
        var groups = config.Redundancy.Groups.Select(g =>
        {
            var heldBy = live.Where(d => d.Holds.Contains(g.Name)).Select(d => d.Name ?? d.Agent).ToList();
            var outcome = reports.Select(r => r.Groups.FirstOrDefault(x => x.Name == g.Name)).FirstOrDefault(x => x is { HeldHere: true })
                ?? reports.Select(r => r.Groups.FirstOrDefault(x => x.Name == g.Name)).FirstOrDefault(x => x is not null);
            return new Group(g.Name, [.. g.Members.OrderByDescending(m => m.Priority)], g.Failback, heldBy, outcome?.Reason ?? "no director reports it",
                moves.FirstOrDefault(m => m.Group == g.Name)?.Director);
        }).ToList();
        return new ClusterView(groups, directors, WarningsOf(groups, live, keyFingerprint));
    }

    private static List<DirectorPair.Warning> WarningsOf(List<Group> groups, List<Director> live, string? keyFingerprint)
    {
        var warnings = new List<DirectorPair.Warning>();
        foreach (var group in groups)
        {
            if (group.HeldBy.Count > 1)
            {
                warnings.Add(new($"Split brain: group {group.Name} is held by {string.Join(" and ", group.HeldBy)}. Check the heartbeat paths and keys.", Serious: true));
            }
            else if (group.HeldBy.Count == 0 && live.Count > 0)
            {
                warnings.Add(new($"Group {group.Name} is held by no director: {group.Reason}.", Serious: true));
            }
        }
        foreach (var director in live)
        {
            var name = director.Name ?? director.Agent;
            if (!director.HasQuorum)
            {
                warnings.Add(new($"{name} has no quorum ({director.Quorum}) and holds nothing.", Serious: true));
            }
            foreach (var peer in director.Peers.Where(p => !p.Alive))
            {
                warnings.Add(new($"{name} does not hear {peer.Name} on any path."));
            }
            if (director.KeyFingerprint is { } fingerprint && keyFingerprint is not null && fingerprint != keyFingerprint)
            {
                warnings.Add(new($"{name} uses heartbeat key {fingerprint}; the dashboard's is {keyFingerprint}."));
            }
            if (director.Name is null)
            {
                warnings.Add(new($"{director.Agent} holds none of the cluster's director addresses: it forwards but takes no group."));
            }
        }
        return warnings;
    }
}
