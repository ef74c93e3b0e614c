using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// The primary/backup pair as the dashboard sees it from the directors' reports: each director's role and state,
/// what needs the operator's eye (both claiming active, a heartbeat path down, a director on another key), and
/// the stored failover history of both, newest first.
/// </summary>
/// <param name="Members">The directors that report a redundancy status, by name.</param>
/// <param name="Warnings">Problems, most serious first.</param>
/// <param name="Failovers">The stored state changes of every director, newest first.</param>
public sealed record DirectorPair(IReadOnlyList<DirectorPair.Member> Members, IReadOnlyList<DirectorPair.Warning> Warnings, IReadOnlyList<FailoverStore.StoredFailover> Failovers)
{
    /// <summary>How many failovers the page lists.</summary>
    public const int MaxFailovers = 20;

    /// <summary>Something that needs the operator's eye; <paramref name="Serious"/> for split brain, which is shown as an error.</summary>
    public sealed record Warning(string Text, bool Serious = false);

    /// <summary>One director of the pair.</summary>
    public sealed record Member(string Name, bool Connected, RedundancyStatus Redundancy);

    /// <summary>
    /// The pair from the registry's views; <paramref name="keyFingerprint"/> is the dashboard's key (null without
    /// one or when not compared), <paramref name="failovers"/> the stored history to show.
    /// </summary>
    public static DirectorPair From(IEnumerable<AgentView> views, string? keyFingerprint, IReadOnlyList<FailoverStore.StoredFailover> failovers)
    {
        var members = views.Where(v => v.Status?.Redundancy is not null).OrderBy(v => v.Name, StringComparer.Ordinal)
            .Select(v => new Member(v.Name, v.Connected, v.Status!.Redundancy!)).ToList();
        var live = members.Where(m => m.Connected && m.Redundancy.Role is not null).ToList();
        var warnings = new List<Warning>();
        var active = live.Where(m => m.Redundancy.State == DirectorState.Active).Select(m => m.Name).ToList();
        if (active.Count > 1)
        {
            warnings.Add(new($"Split brain: {string.Join(" and ", active)} both claim to be active and hold the virtual IPs. " +
                "Check the heartbeat paths and that both directors use the same heartbeat key.", Serious: true));
        }
        foreach (var member in live)
        {
            foreach (var path in member.Redundancy.Paths.Where(p => !p.Up))
            {
                warnings.Add(new($"{member.Name}: heartbeat path {path.Name} ({path.Local} to {path.Peer}) is down{(path.Error is { } why ? $": {why}" : "")}."));
            }
            if (member.Redundancy.KeyFingerprint is { } fingerprint && keyFingerprint is not null && fingerprint != keyFingerprint)
            {
                warnings.Add(new($"{member.Name} uses heartbeat key {fingerprint}; the dashboard's is {keyFingerprint}."));
            }
            if (member.Redundancy.Error is { } error)
            {
                warnings.Add(new($"{member.Name}: {error}"));
            }
        }
        return new DirectorPair(members, warnings, failovers);
    }
}
