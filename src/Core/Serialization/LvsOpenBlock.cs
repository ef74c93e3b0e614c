using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Serialization;

/// <summary>Which section of lvs.cf a key is read in.</summary>
internal enum LvsBlockKind
{
    /// <summary>The global section, before and between the blocks.</summary>
    Global,
    /// <summary>A <c>virtual</c> block.</summary>
    Virtual,
    /// <summary>A <c>server</c> block, inside a virtual block.</summary>
    Server,
    /// <summary>A <c>failover</c> block.</summary>
    Failover,
    /// <summary>A <c># piranhanet: director</c> block (a director beyond the pair).</summary>
    Director,
    /// <summary>A <c># piranhanet: group</c> block (a failover group).</summary>
    Group,
}

/// <summary>A section the reader is inside of: the global section at the bottom, then a <c>virtual</c>, <c>server</c> or <c>failover</c> block.</summary>
internal abstract class LvsOpenBlock(LvsBlockKind kind, string description, SourcePosition header, LvsSourceMap.Block positions)
{
    /// <summary>Which section this is.</summary>
    public LvsBlockKind Kind { get; } = kind;

    /// <summary>For messages, e.g. "virtual server 'web'".</summary>
    public string Description { get; } = description;

    /// <summary>Where the block header is.</summary>
    public SourcePosition Header { get; } = header;

    /// <summary>Where this block's fields are, for locating validation errors.</summary>
    public LvsSourceMap.Block Positions { get; } = positions;

    /// <summary>A PiranhaNet block, written whole on <c># piranhanet:</c> lines so that Piranha skips it.</summary>
    public bool IsExtension => Kind is LvsBlockKind.Director or LvsBlockKind.Group;

    /// <summary>Keys set in this block, with the line where each was set.</summary>
    public Dictionary<string, int> Seen { get; } = new(StringComparer.Ordinal);
}

/// <summary>A section whose keys build a <typeparamref name="T"/>.</summary>
internal sealed class LvsOpenBlock<T>(LvsBlockKind kind, T model, string description, SourcePosition header, LvsSourceMap.Block positions)
    : LvsOpenBlock(kind, description, header, positions)
{
    /// <summary>The model read so far.</summary>
    public T Model { get; set; } = model;

    /// <summary>Real servers read so far (virtual blocks only).</summary>
    public List<RealServerConfig> Servers { get; } = [];

    /// <summary>Real server names with the line of their block (virtual blocks only).</summary>
    public Dictionary<string, int> ServerNames { get; } = new(StringComparer.Ordinal);
}
