namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// Includes from the real file system, with glob(3)'s wildcards as keepalived allows them: <c>*</c>, <c>?</c> and
/// <c>[...]</c> in any part of the path, and csh-style braces (<c>{a,b}</c>). Matches are sorted; hidden files match
/// only a pattern that starts with a dot, as in glob.
/// </summary>
public sealed class KeepalivedFileSystem : IKeepalivedFiles
{
    /// <summary>The one instance.</summary>
    public static KeepalivedFileSystem Instance { get; } = new();

    /// <inheritdoc />
    public IReadOnlyList<string> Expand(string pattern, string directory)
    {
        var matches = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var alternative in KeepalivedGlob.ExpandBraces(pattern))
        {
            var full = Path.IsPathRooted(alternative) ? alternative : Path.Combine(directory, alternative);
            foreach (var match in Match(full))
            {
                matches.Add(match);
            }
        }
        return [.. matches];
    }

    /// <inheritdoc />
    public string Read(string path) => File.ReadAllText(path);

    // Walks the path a part at a time, listing a directory only where a part has a wildcard.
    private static IEnumerable<string> Match(string path)
    {
        var root = Path.GetPathRoot(path) ?? "";
        IEnumerable<string> current = [root.Length > 0 ? root : "."];
        var parts = path[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            current = KeepalivedGlob.HasWildcard(part)
                ? current.Where(Directory.Exists).SelectMany(dir => Directory.EnumerateFileSystemEntries(dir)
                    .Where(entry => KeepalivedGlob.Matches(part, Path.GetFileName(entry))))
                : current.Select(dir => Path.Combine(dir, part));
            if (!last)
            {
                current = current.Where(Directory.Exists).ToList();
            }
        }
        // A relative include stays relative, without the "./" parts the walk added: errors name "conf.d/web.conf".
        return current.Where(File.Exists).Select(p => root.Length == 0 ? Path.GetRelativePath(".", p) : p);
    }
}
