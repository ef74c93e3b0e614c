using PiranhaNet.Core.Model;
using static PiranhaNet.Core.Serialization.GlobalKeys;
using static PiranhaNet.Core.Serialization.LvsText;

namespace PiranhaNet.Core.Serialization;

/// <summary>
/// The keys of the cluster's blocks, which Piranha lacks and which are therefore written whole on <c># piranhanet:</c>
/// lines: <c>director NAME { }</c> (a director beyond the pair) and <c>group NAME { }</c> (a failover group).
/// </summary>
internal static class ClusterKeys
{
    public static IReadOnlyList<LvsKey<ClusterDirectorConfig>> Director { get; } =
    [
        new("address", "address", (d, v) => d with { Address = v.Text() }, d => NonEmptyWord(d.Address), Extension: true),
        new("private", "privateAddress", (d, v) => d with { PrivateAddress = v.Text() }, d => OptionalWord(d.PrivateAddress), Extension: true),
    ];

    public static IReadOnlyList<LvsKey<FailoverGroupConfig>> Group { get; } =
    [
        new("members", "members", (g, v) => g with { Members = v.Members() },
            g => g.Members.Count == 0 ? null : string.Join(",", g.Members.Select(m => $"{m.Director}:{Int(m.Priority)}")), Extension: true),
        new("failback", "failback", (g, v) => g with { Failback = v.Bool() }, g => Bool(g.Failback), Extension: true),
    ];
}
