namespace PiranhaNet.Core.Validation;

/// <summary>One problem in a configuration.</summary>
/// <param name="Path">Field path, e.g. <c>virtualServers[web].realServers[r2].weight</c>.</param>
/// <param name="Value">The offending value as text, or null when the problem is a missing value.</param>
/// <param name="Message">What is wrong and what is expected; names the value.</param>
public sealed record ValidationError(string Path, string? Value, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
