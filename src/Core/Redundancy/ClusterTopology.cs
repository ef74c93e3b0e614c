using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// The cluster a configuration describes, as every director computes it alike: its directors (Piranha's primary and
/// backup under their names, then the <c>director</c> blocks) and its failover groups. A configuration without groups
/// has one, <see cref="PairGroup"/>: the primary, then the backup, holding everything, failing back as
/// <c>auto_failback</c> says; that is Piranha's pair.
/// </summary>
public sealed record ClusterTopology(IReadOnlyList<ClusterTopology.Director> Directors, IReadOnlyList<ClusterTopology.Group> Groups)
{
    /// <summary>The name of the one group of a configuration that defines none.</summary>
    public const string PairGroup = "pair";

    /// <summary>At most this many directors: each heartbeats every other on every path, so the packets grow with the square.</summary>
    public const int MaxDirectors = 32;

    /// <summary>At most this many groups: a heartbeat says which groups its sender holds in a bitmap of this many bits.</summary>
    public const int MaxGroups = 256;

    /// <summary>A director of the cluster.</summary>
    /// <param name="Name">Its name in groups.</param>
    /// <param name="Address">Its public address.</param>
    /// <param name="PrivateAddress">Its private address, or null.</param>
    public sealed record Director(string Name, string Address, string? PrivateAddress);

    /// <summary>A failover group with its members most preferred first.</summary>
    /// <param name="Name">Its name.</param>
    /// <param name="Members">Directors' names, most preferred (highest priority) first.</param>
    /// <param name="Failback">Returns to a more preferred director when that one is back.</param>
    public sealed record Group(string Name, IReadOnlyList<string> Members, bool Failback);

    /// <summary>True when the configuration defines groups of its own rather than the pair's one.</summary>
    public bool HasOwnGroups => Groups.Count > 0 && Groups[0].Name != PairGroup;

    /// <summary>The cluster of <paramref name="config"/>; assumes a configuration that validation accepted.</summary>
    public static ClusterTopology Of(LvsConfig config)
    {
        var redundancy = config.Redundancy;
        var directors = new List<Director>();
        if (!string.IsNullOrEmpty(config.Global.Primary))
        {
            directors.Add(new Director(redundancy.PrimaryName, config.Global.Primary, NullIfEmpty(config.Global.PrimaryPrivate)));
        }
        if (redundancy.Enabled && !string.IsNullOrEmpty(redundancy.Backup))
        {
            directors.Add(new Director(redundancy.BackupName, redundancy.Backup, NullIfEmpty(redundancy.BackupPrivate)));
        }
        directors.AddRange(redundancy.Directors.Select(d => new Director(d.Name, d.Address, NullIfEmpty(d.PrivateAddress))));
        var groups = redundancy.Groups.Count == 0
            ? [new Group(PairGroup, [.. directors.Take(2).Select(d => d.Name)], redundancy.AutoFailback)]
            : redundancy.Groups.Select(g => new Group(g.Name, [.. g.Members.OrderByDescending(m => m.Priority).Select(m => m.Director)], g.Failback)).ToList();
        return new ClusterTopology(directors, groups);
    }

    /// <summary>The group an element names, or the pair's when the configuration defines none.</summary>
    public static string GroupOf(LvsConfig config, string? group) => config.Redundancy.Groups.Count == 0 ? PairGroup : group ?? "";

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
