using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Serialization;

/// <summary>What reading an lvs.cf produced: a configuration when there were no errors, else every error.</summary>
/// <param name="Config">The configuration, or null when <see cref="Errors"/> is not empty (nothing half-read is returned).</param>
/// <param name="Errors">Every syntax and type error, in file order.</param>
/// <param name="SourceMap">Where each field came from, for locating validation errors.</param>
public sealed record LvsReadResult(LvsConfig? Config, IReadOnlyList<LvsParseError> Errors, LvsSourceMap SourceMap)
{
    /// <summary>True when the file was read without errors.</summary>
    public bool Success => Errors.Count == 0;
}
