namespace PiranhaNet.Core.Tests.Keepalived;

/// <summary>A temporary directory of real files for include tests; deleted on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("piranhanet-keepalived-").FullName;

    /// <summary>The full path of <paramref name="relative"/> in the directory.</summary>
    public string Path(string relative) => System.IO.Path.Combine(_root, relative);

    /// <summary>Writes a file (and its directories); returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
