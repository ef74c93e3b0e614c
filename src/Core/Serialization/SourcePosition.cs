namespace PiranhaNet.Core.Serialization;

/// <summary>A 1-based line and column in an lvs.cf file.</summary>
public readonly record struct SourcePosition(int Line, int Column);
