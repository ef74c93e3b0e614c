namespace PiranhaNet.Core.Serialization;

/// <summary>One problem in an lvs.cf file, located by file, line and column (1-based).</summary>
/// <param name="File">File name as given by the caller (e.g. <c>lvs.cf</c>).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What was found and what was expected.</param>
public sealed record LvsParseError(string File, int Line, int Column, string Message)
{
    /// <summary>The compiler-style form <c>FILE:LINE:COL: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
