using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// Who runs each failover group, decided from one director's view of the cluster. Every director decides with the
/// same rules, so directors that hear the same heartbeats reach the same answer; the rules, in order:
/// <list type="number">
/// <item>A director without quorum (when quorum applies: on, or auto with three directors or more) holds nothing.
/// Quorum is hearing more than half of the configured directors, itself included.</item>
/// <item>A group moved by the operator to a member that is alive and online runs there.</item>
/// <item>A paused director keeps the groups it holds.</item>
/// <item>With failback off, the group stays with the online member that holds it.</item>
/// <item>Otherwise the most preferred member that is alive and online runs it; while a more preferred member has not
/// been heard yet (initdead), nobody takes it on this director's word.</item>
/// </list>
/// When several directors claim a group (a partition healing, a move in progress) the holder is the first of them in
/// the order of preference, the operator's move first. Pure and deterministic: no clock, no input order matters.
/// </summary>
public static class ClusterElection
{
    /// <summary>The outcome for one group.</summary>
    /// <param name="Group">The group.</param>
    /// <param name="Active">The director that should run it, or null when none can.</param>
    /// <param name="Reason">Why, for operators and the failover history.</param>
    public sealed record GroupOutcome(string Group, string? Active, string Reason);

    /// <summary>The election from one director's view.</summary>
    /// <param name="HasQuorum">The deciding director may hold groups.</param>
    /// <param name="Quorum">Why it has quorum or not (how many of how many it hears).</param>
    /// <param name="Groups">Each group's outcome, in the topology's order.</param>
    public sealed record Result(bool HasQuorum, string Quorum, IReadOnlyList<GroupOutcome> Groups)
    {
        /// <summary>The groups <paramref name="director"/> should hold.</summary>
        public IEnumerable<string> HeldBy(string director) => Groups.Where(g => g.Active == director).Select(g => g.Group);
    }

    /// <summary>
    /// Decides every group as <paramref name="self"/> sees the cluster. <paramref name="views"/> has a view of each
    /// director (self's own included; a director without one counts as dead); <paramref name="moves"/> maps a group to
    /// the director an operator moved it to.
    /// </summary>
    /// <remarks>
    /// <paramref name="heardForQuorum"/>, when given, are the directors that count towards quorum (a window shorter than
    /// the views' liveness, so a director cut off from the majority gives its groups up before the majority takes them);
    /// otherwise the alive ones.
    /// </remarks>
    public static Result Decide(ClusterTopology topology, string self, IReadOnlyDictionary<string, MemberView> views, QuorumPolicy policy,
        IReadOnlyDictionary<string, string> moves, IReadOnlySet<string>? heardForQuorum = null)
    {
        MemberView View(string name) => views.TryGetValue(name, out var view) ? view : new MemberView(name, MemberLiveness.Dead, MemberCondition.Stopped, new HashSet<string>());
        var (hasQuorum, quorum) = Quorum(topology, self, heardForQuorum ?? views.Values.Where(v => v.Liveness == MemberLiveness.Alive).Select(v => v.Name).ToHashSet(), policy);
        var outcomes = new List<GroupOutcome>(topology.Groups.Count);
        foreach (var group in topology.Groups)
        {
            var outcome = DecideGroup(group, View, moves.GetValueOrDefault(group.Name));
            // Without quorum this director counts itself out, whatever it would otherwise have been given.
            if (!hasQuorum && outcome.Active == self)
            {
                outcome = new GroupOutcome(group.Name, null, $"released: {quorum}");
            }
            outcomes.Add(outcome);
        }
        return new Result(hasQuorum, quorum, outcomes);
    }

    /// <summary>Whether quorum decides for a cluster of <paramref name="directors"/> under <paramref name="policy"/>.</summary>
    public static bool QuorumApplies(QuorumPolicy policy, int directors) => policy switch
    {
        QuorumPolicy.On => true,
        QuorumPolicy.Off => false,
        _ => directors >= 3,
    };

    private static (bool, string) Quorum(ClusterTopology topology, string self, IReadOnlySet<string> alive, QuorumPolicy policy)
    {
        var total = topology.Directors.Count;
        var heard = topology.Directors.Count(d => d.Name == self || alive.Contains(d.Name));
        var needed = total / 2 + 1;
        if (!QuorumApplies(policy, total))
        {
            return (true, $"quorum is off ({(policy == QuorumPolicy.Off ? "quorum = off" : "a pair cannot form a majority")}); hears {heard} of {total}");
        }
        return heard >= needed
            ? (true, $"quorum: hears {heard} of {total} directors (needs {needed})")
            : (false, $"no quorum: hears {heard} of {total} directors, needs {needed}");
    }

    private static GroupOutcome DecideGroup(ClusterTopology.Group group, Func<string, MemberView> view, string? movedTo)
    {
        var moved = movedTo is not null && group.Members.Contains(movedTo, StringComparer.Ordinal);
        // The order of preference, the operator's choice first.
        var order = moved ? [movedTo!, .. group.Members.Where(m => m != movedTo)] : group.Members;
        bool Alive(string d) => view(d).Liveness == MemberLiveness.Alive;
        bool Online(string d) => Alive(d) && view(d).Condition == MemberCondition.Online;
        var holder = order.FirstOrDefault(d => Alive(d) && view(d).Holds.Contains(group.Name) && view(d).Condition is MemberCondition.Online or MemberCondition.Paused);

        if (moved && Online(movedTo!))
        {
            return new GroupOutcome(group.Name, movedTo, $"moved to {movedTo} by the operator");
        }
        if (holder is not null && view(holder).Condition == MemberCondition.Paused)
        {
            return new GroupOutcome(group.Name, holder, $"{holder} is paused and keeps what it holds");
        }
        if (!group.Failback)
        {
            if (holder is not null)
            {
                return new GroupOutcome(group.Name, holder, $"{holder} holds it and failback is off");
            }
            // Without failback any member may be holding it: wait until each has been heard.
            if (order.FirstOrDefault(m => view(m).Liveness == MemberLiveness.Unknown) is { } unheard)
            {
                return new GroupOutcome(group.Name, null, $"waiting to hear {unheard} (initdead)");
            }
        }
        foreach (var member in order)
        {
            if (view(member).Liveness == MemberLiveness.Unknown)
            {
                // It may hold the group already: wait for its first heartbeat (or the end of initdead) rather than take it too.
                return new GroupOutcome(group.Name, holder, $"waiting to hear {member} (initdead)");
            }
            if (Online(member))
            {
                return new GroupOutcome(group.Name, member, member == order[0] ? $"{member} is its most preferred director" : $"{member} is the most preferred online director ({Absent(order.TakeWhile(m => m != member), view)})");
            }
        }
        return new GroupOutcome(group.Name, null, $"no director of the group is online ({Absent(order, view)})");
    }

    // Why the more preferred members were passed over: "lvs1 dead, lvs2 paused".
    private static string Absent(IEnumerable<string> members, Func<string, MemberView> view) =>
        string.Join(", ", members.Select(m => view(m) switch
        {
            { Liveness: MemberLiveness.Dead } => $"{m} silent",
            { Liveness: MemberLiveness.Unknown } => $"{m} not heard yet",
            var v => $"{m} {v.Condition.ToString().ToLowerInvariant()}",
        }));
}
