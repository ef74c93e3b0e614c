using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Importing;

/// <summary>
/// What an import of another tool's files found, by how much it matters: errors (a value the tool itself would
/// refuse, or a file that cannot be read), unsupported lines (settings PiranhaNet cannot carry and whose loss would change what
/// the cluster does: nothing is imported unless they are allowed, and then they are listed as dropped) and warnings
/// (settings whose loss changes nothing PiranhaNet does, named so nobody wonders where they went).
/// </summary>
public sealed class ImportDiagnostics
{
    private readonly List<LvsParseError> _errors = [];
    private readonly List<LvsParseError> _unsupported = [];
    private readonly List<LvsParseError> _warnings = [];

    /// <summary>Values and syntax that are wrong.</summary>
    public IReadOnlyList<LvsParseError> Errors => _errors;

    /// <summary>Settings that cannot be carried and whose loss changes behaviour.</summary>
    public IReadOnlyList<LvsParseError> Unsupported => _unsupported;

    /// <summary>Settings not carried whose loss changes nothing PiranhaNet does.</summary>
    public IReadOnlyList<LvsParseError> Warnings => _warnings;

    /// <summary>Records an error at <paramref name="at"/>.</summary>
    public void Error(FileLocation at, string message) => _errors.Add(at.Error(message));

    /// <summary>Records errors found elsewhere (the parser's).</summary>
    public void AddErrors(IEnumerable<LvsParseError> errors) => _errors.AddRange(errors);

    /// <summary>Records a setting that is not carried and would change behaviour.</summary>
    public void NotCarried(FileLocation at, string message) => _unsupported.Add(at.Error(message));

    /// <summary>Records a setting that is not carried and changes nothing PiranhaNet does.</summary>
    public void Ignored(FileLocation at, string message) => _warnings.Add(at.Error(message));
}
