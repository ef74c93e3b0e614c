using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Importing;

/// <summary>Where something stands in an imported file (keepalived.conf and what it includes, ha.cf...): file, 1-based line and column.</summary>
public readonly record struct FileLocation(string File, int Line, int Column)
{
    /// <summary>A compiler-style message at this place (<c>FILE:LINE:COL: message</c>).</summary>
    public LvsParseError Error(string message) => new(File, Line, Column, message);
}
