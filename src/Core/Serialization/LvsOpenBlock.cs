using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Serialization;

/// <summary>A <c>virtual</c>, <c>server</c> or <c>failover</c> block the reader is inside of.</summary>
internal sealed class LvsOpenBlock<T>(T model, string path, string description, SourcePosition header, LvsSourceMap.Block positions)
{
    /// <summary>The model read so far.</summary>
    public T Model { get; set; } = model;

    /// <summary>Field path of the block, e.g. <c>virtualServers[web]</c>.</summary>
    public string Path { get; } = path;

    /// <summary>For messages, e.g. "virtual server 'web'".</summary>
    public string Description { get; } = description;

    /// <summary>Where the block header is.</summary>
    public SourcePosition Header { get; } = header;

    /// <summary>Where this block's fields are, for locating validation errors.</summary>
    public LvsSourceMap.Block Positions { get; } = positions;

    /// <summary>Keys set in this block, with the line where each was set.</summary>
    public Dictionary<string, int> Seen { get; } = new(StringComparer.Ordinal);

    /// <summary>Real servers read so far (virtual blocks only).</summary>
    public List<RealServerConfig> Servers { get; } = [];

    /// <summary>Real server names with the line of their block (virtual blocks only).</summary>
    public Dictionary<string, int> ServerNames { get; } = new(StringComparer.Ordinal);
}
