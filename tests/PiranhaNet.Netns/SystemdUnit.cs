namespace PiranhaNet.Netns;

/// <summary>A systemd unit file of deploy/systemd, read as systemd reads the parts the tests check.</summary>
public sealed class SystemdUnit
{
    private readonly string[] _lines;

    private SystemdUnit(string[] lines) => _lines = lines;

    /// <summary>The unit deploy/systemd/<paramref name="name"/> of the checkout.</summary>
    public static SystemdUnit Read(string name) => new(File.ReadAllLines(Checkout.File("deploy", "systemd", name)));

    /// <summary>The values of <paramref name="key"/> in the order given (comments and other sections' keys alike).</summary>
    public IReadOnlyList<string> Values(string key) =>
        [.. _lines.Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..].Trim())];

    /// <summary>
    /// The words of ExecStart after the program and its assembly (<c>/usr/bin/dotnet X.dll</c>), with
    /// <paramref name="substitutions"/> made (<c>${VARIABLE}</c>, <c>%d</c>, <c>%H</c>).
    /// </summary>
    public string[] ExecStartArguments(IReadOnlyDictionary<string, string> substitutions)
    {
        var line = Values("ExecStart").Single();
        foreach (var (from, to) in substitutions)
        {
            line = line.Replace(from, to, StringComparison.Ordinal);
        }
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 2 && words[0] == "/usr/bin/dotnet" && words[1].EndsWith(".dll", StringComparison.Ordinal)
            ? words[2..]
            : throw new FormatException($"ExecStart does not run a .NET assembly: {line}");
    }
}
