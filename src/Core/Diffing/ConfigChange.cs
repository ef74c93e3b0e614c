namespace PiranhaNet.Core.Diffing;

/// <summary>One difference between two configurations.</summary>
/// <param name="Kind">Added, removed or changed.</param>
/// <param name="Path">Field path (for Changed) or element path (for Added/Removed), as validation uses.</param>
/// <param name="Before">The old value as text (for a removed element, a one-line summary of it); null when added or unset.</param>
/// <param name="After">The new value as text (for an added element, a one-line summary of it); null when removed or unset.</param>
public sealed record ConfigChange(ConfigChangeKind Kind, string Path, string? Before, string? After)
{
    /// <summary>A readable line: "added virtual server 'web'" or "virtualServers[web].port: 80 -> 8080".</summary>
    public string Describe() => Kind switch
    {
        ConfigChangeKind.Added => $"added {ElementDescription(Path, "to")}{Detail(After)}",
        ConfigChangeKind.Removed => $"removed {ElementDescription(Path, "from")}{Detail(Before)}",
        _ => $"{Path}: {Before ?? "(unset)"} -> {After ?? "(unset)"}",
    };

    /// <inheritdoc />
    public override string ToString() => Describe();

    private static string Detail(string? summary) => summary is null ? "" : $" ({summary})";

    private static string ElementDescription(string path, string preposition = "of")
    {
        var open = path.LastIndexOf('[');
        var name = path[(open + 1)..^1];
        var list = path[..open];
        var parent = Validation.ConfigPaths.Parent(list);
        return list[(list.LastIndexOf('.') + 1)..] switch
        {
            "virtualServers" => $"virtual server '{name}'",
            "realServers" => $"real server '{name}' {preposition} {ElementDescription(parent!)}",
            "failoverServices" => $"failover service '{name}'",
            var other => $"{other} '{name}'",
        };
    }
}
