namespace PiranhaNet.Core.Serialization;

/// <summary>Thrown by <see cref="LvsConfigReader.Read(string, string)"/> when a file has errors; carries all of them.</summary>
public sealed class LvsParseException(IReadOnlyList<LvsParseError> errors)
    : Exception($"{errors.Count} error(s) in lvs.cf; first: {errors.FirstOrDefault()}")
{
    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<LvsParseError> Errors { get; } = errors;
}
