namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// The files a keepalived.conf may include, behind a seam so the reader can be given text alone (an upload) or a
/// directory tree (<see cref="KeepalivedFileSystem"/>).
/// </summary>
public interface IKeepalivedFiles
{
    /// <summary>
    /// The files an <c>include</c> pattern names, sorted as glob(3) sorts them; a relative pattern is relative to
    /// <paramref name="directory"/> (the including file's). Empty when nothing matches.
    /// </summary>
    IReadOnlyList<string> Expand(string pattern, string directory);

    /// <summary>The text of <paramref name="path"/> (one that <see cref="Expand"/> returned).</summary>
    string Read(string path);
}

/// <summary>No includes at all: for text that arrived without its directory (an upload, a paste).</summary>
public sealed class NoKeepalivedFiles : IKeepalivedFiles
{
    /// <summary>The one instance.</summary>
    public static NoKeepalivedFiles Instance { get; } = new();

    /// <inheritdoc />
    public IReadOnlyList<string> Expand(string pattern, string directory) =>
        throw new ArgumentException($"include '{pattern}' cannot be followed in uploaded or pasted text: paste the included files' text in its place, or import the file with `piranhanet import FILE`");

    /// <inheritdoc />
    public string Read(string path) => throw new FileNotFoundException("no files are available to include", path);
}
