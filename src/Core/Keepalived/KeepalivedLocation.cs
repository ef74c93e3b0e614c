using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Keepalived;

/// <summary>Where a word of a keepalived.conf (or of a file it includes) stands: file, 1-based line and column.</summary>
public readonly record struct KeepalivedLocation(string File, int Line, int Column)
{
    /// <summary>A compiler-style message at this place (<c>FILE:LINE:COL: message</c>).</summary>
    public LvsParseError Error(string message) => new(File, Line, Column, message);
}
