using PiranhaNet.Core.Keepalived;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Tests.Keepalived;

/// <summary>
/// Hand-written keepalived.conf files of real layouts (Keepalived/Samples): each states what it should become on its
/// own <c>! expect:</c> lines (the summary, the pair's primary and backup, how many settings cannot be carried); each
/// is imported, written as lvs.cf and read back unchanged.
/// </summary>
public class KeepalivedSampleTests
{
    private static readonly string s_samples = Path.Combine(AppContext.BaseDirectory, "Keepalived", "Samples");

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(s_samples, "*.conf").Append(Path.Combine(s_samples, "with-includes", "keepalived.conf")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(s_samples, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Read_Sample_BecomesWhatItExpectsAndRoundTripsThroughLvsCf(string sample)
    {
        var path = Path.Combine(s_samples, sample);
        var text = File.ReadAllText(path);
        var expected = Expectations(text);
        var notCarried = int.Parse(expected.GetValueOrDefault("not-carried", "0"), System.Globalization.CultureInfo.InvariantCulture);

        var result = KeepalivedConfigReader.Read(text, path, KeepalivedFileSystem.Instance, allowUnsupported: notCarried > 0);

        Assert.True(result.Success, string.Join("\n", result.Errors.Concat(result.Unsupported)));
        Assert.Equal(ConfigFileFormat.Keepalived, ConfigFileFormatDetector.Detect(text));
        Assert.Equal(expected["expect"], LvsConfigChecker.Summarize(result.Config!));
        Assert.Equal(notCarried, result.Unsupported.Count);
        var pair = expected.GetValueOrDefault("expect-pair");
        Assert.Equal(pair, result.Config!.Redundancy.Enabled ? $"{result.Config.Global.Primary} {result.Config.Redundancy.Backup}" : null);
        var again = LvsConfigChecker.Check(LvsConfigWriter.Write(result.Config), "again.cf");
        Assert.True(again.Success, string.Join("\n", again.Errors));
        Assert.Equal(result.Config, again.Config);
    }

    // "! KEY: VALUE" lines at the top of a sample.
    private static Dictionary<string, string> Expectations(string text) => text.Split('\n')
        .TakeWhile(line => line.StartsWith('!'))
        .Select(line => line.TrimStart('!', ' '))
        .Where(line => line.Contains(": ", StringComparison.Ordinal) && !line.Contains(' ', StringComparison.Ordinal) is false && line.IndexOf(':') < line.IndexOf(' '))
        .ToDictionary(line => line[..line.IndexOf(':')], line => line[(line.IndexOf(':') + 2)..].Trim());
}
