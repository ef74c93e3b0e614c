using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Importing;

/// <summary>
/// What reading another tool's configuration (keepalived.conf, Heartbeat's files) produced. <see cref="Config"/> is null when there is any error, or any unsupported
/// setting that was not allowed; with unsupported settings allowed, they are the lines the import drops.
/// </summary>
/// <param name="Config">The configuration, valid by PiranhaNet's rules, or null.</param>
/// <param name="Errors">Wrong values and syntax, and validation problems, in file order.</param>
/// <param name="Unsupported">Settings not carried whose loss changes behaviour.</param>
/// <param name="Warnings">Settings not carried whose loss changes nothing PiranhaNet does.</param>
/// <param name="IncludedFiles">Every file the configuration included.</param>
public sealed record ImportReadResult(
    LvsConfig? Config,
    IReadOnlyList<LvsParseError> Errors,
    IReadOnlyList<LvsParseError> Unsupported,
    IReadOnlyList<LvsParseError> Warnings,
    IReadOnlyList<string> IncludedFiles)
{
    /// <summary>True when there is a configuration.</summary>
    public bool Success => Config is not null;

    /// <summary>What stops the import: the errors, and the unsupported settings unless they were allowed.</summary>
    public IEnumerable<LvsParseError> Blocking(bool allowUnsupported) =>
        allowUnsupported ? Errors : InFileOrder(Errors.Concat(Unsupported));

    /// <summary>Findings by file, then line, then column, as a compiler lists them.</summary>
    public static IReadOnlyList<LvsParseError> InFileOrder(IEnumerable<LvsParseError> findings) =>
        [.. findings.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column)];

    /// <summary>
    /// Validates what an import read and settles it: <paramref name="config"/> is kept only without errors (the
    /// import's and validation's, each at the element it concerns) and, unless allowed, without unsupported settings.
    /// </summary>
    public static ImportReadResult Settle(LvsConfig config, ImportDiagnostics diagnostics, ProblemLocations locations, bool allowUnsupported,
        IConfigValidator? validator, IReadOnlyList<string> includedFiles)
    {
        var validation = (validator ?? ConfigValidator.Default).Validate(config).Select(p => locations.Of(p.Path).Error($"{p.Path}: {p.Message}"));
        var errors = InFileOrder(diagnostics.Errors.Concat(validation));
        var blocked = errors.Count > 0 || (!allowUnsupported && diagnostics.Unsupported.Count > 0);
        return new ImportReadResult(blocked ? null : config, errors, diagnostics.Unsupported, diagnostics.Warnings, includedFiles);
    }
}
