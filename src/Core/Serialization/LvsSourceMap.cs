using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Serialization;

/// <summary>
/// Where each field of a parsed configuration came from, keyed by the field paths that validation uses,
/// so a validation error can be reported as FILE:LINE:COL.
/// </summary>
public sealed class LvsSourceMap
{
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);

    /// <summary>Records the position of a field or block (the first one wins, as the reader reports duplicates).</summary>
    internal void Set(string path, SourcePosition position) => _positions.TryAdd(path, position);

    /// <summary>The position of <paramref name="path"/> or of its nearest enclosing block, or null.</summary>
    public SourcePosition? Find(string path)
    {
        for (string? p = path; p is not null; p = ConfigPaths.Parent(p))
        {
            if (_positions.TryGetValue(p, out var position))
            {
                return position;
            }
        }
        return null;
    }
}
