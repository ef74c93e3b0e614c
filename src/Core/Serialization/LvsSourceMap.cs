using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Serialization;

/// <summary>
/// Where each field of a parsed configuration came from, found by the field paths that validation uses,
/// so a validation error can be reported as FILE:LINE:COL. Positions are kept per block with the key
/// table's relative paths, so reading a large file builds no path strings; paths are only split when an
/// error is located.
/// </summary>
public sealed class LvsSourceMap
{
    private readonly Dictionary<string, Block> _blocks = new(StringComparer.Ordinal) { [""] = new Block(new SourcePosition(1, 1)) };

    /// <summary>The global section (its fields use absolute paths such as <c>global.primary</c>).</summary>
    internal Block Global => _blocks[""];

    /// <summary>Records a block by its path (e.g. <c>virtualServers[web]</c>); the first definition wins.</summary>
    internal Block AddBlock(string path, SourcePosition header)
    {
        if (!_blocks.TryGetValue(path, out var block))
        {
            block = new Block(header);
            _blocks[path] = block;
        }
        return block;
    }

    /// <summary>The position of <paramref name="path"/> or of its nearest enclosing block, or null.</summary>
    public SourcePosition? Find(string path)
    {
        for (string? p = path; p is not null; p = ConfigPaths.Parent(p))
        {
            if (TryGet(p) is { } position)
            {
                return position;
            }
        }
        return null;
    }

    private SourcePosition? TryGet(string path)
    {
        // Names cannot contain ']', so the last one ends the innermost block's path.
        var close = path.LastIndexOf(']');
        var (blockPath, field) = close < 0 ? ("", path) : (path[..(close + 1)], close + 2 <= path.Length ? path[(close + 2)..] : "");
        if (!_blocks.TryGetValue(blockPath, out var block))
        {
            return null;
        }
        if (close >= 0 && field is "" or "name")
        {
            return block.Header;
        }
        return block.Find(field);
    }

    /// <summary>The positions inside one block, in file order.</summary>
    internal sealed class Block(SourcePosition header)
    {
        private readonly List<(string Field, SourcePosition Position)> _fields = [];

        public SourcePosition Header { get; } = header;

        public void Set(string field, SourcePosition position) => _fields.Add((field, position));

        public SourcePosition? Find(string field)
        {
            foreach (var (name, position) in _fields)
            {
                if (name == field)
                {
                    return position;
                }
            }
            return null;
        }
    }
}
