using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Importing;

/// <summary>
/// Where the elements of an imported configuration came from, so a validation problem is reported at the line of
/// the element it concerns (or its nearest enclosing one) rather than at the top of the file.
/// </summary>
public sealed class ProblemLocations(FileLocation fallback)
{
    private readonly Dictionary<string, FileLocation> _locations = new(StringComparer.Ordinal);

    /// <summary>Records where the element at <paramref name="path"/> starts (the first record wins).</summary>
    public void Add(string path, FileLocation at) => _locations.TryAdd(path, at);

    /// <summary>The place of <paramref name="path"/>, its nearest enclosing element's, its section's, or the fallback.</summary>
    public FileLocation Of(string path)
    {
        for (var prefix = path; prefix is not null; prefix = ConfigPaths.Parent(prefix))
        {
            if (_locations.TryGetValue(prefix, out var at))
            {
                return at;
            }
        }
        return _locations.TryGetValue(path.Split('.', '[')[0], out var section) ? section : fallback;
    }
}
