using PiranhaNet.Core.Keepalived;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Tests.Keepalived;

/// <summary>
/// Bounded, seeded fuzzing of keepalived.conf: mutated samples never make the reader throw anything (it answers with
/// located errors), and whatever it accepts is a valid configuration that survives an lvs.cf round trip.
/// </summary>
public class KeepalivedFuzzTests
{
    private const int Iterations = 2000;

    private static readonly string[] s_fragments =
    [
        "{", "}", "{ }", "\"", "\\\"", "!", "#", "\n", "\t", " ", "include", "include *", "include {a,b", "virtual_server", "real_server",
        "TCP_CHECK", "HTTP_GET", "url", "vrrp_instance", "virtual_ipaddress", "fwmark", "group", "0", "-1", "65536", "1.5",
        "99999999999999999999", "::1", "10.0.0.1-300", "192.0.2.1/33", "dev", "label", "\0", "é", "lb_kind", "TUN", "weight",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_MutatedSamples_NeverThrowsAndWhatItAcceptsRoundTrips(int seed)
    {
        var random = new Random(seed);
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Keepalived", "Samples"), "*.conf").Order(StringComparer.Ordinal)
            .Select(File.ReadAllText).ToArray();
        var accepted = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var text = Mutate(samples[i % samples.Length], random);

            var result = KeepalivedConfigReader.Read(text, "fuzz.conf", allowUnsupported: i % 2 == 0);

            if (result.Success)
            {
                accepted++;
                var again = LvsConfigChecker.Check(LvsConfigWriter.Write(result.Config!));
                Assert.True(again.Success, $"seed {seed} iteration {i}: accepted, but its lvs.cf did not read back:\n{string.Join("\n", again.Errors)}\n---\n{text}");
            }
            else
            {
                Assert.NotEmpty(result.Blocking(allowUnsupported: i % 2 == 0));
            }
        }
        // The mutations are small: a good share of files must still be accepted, or the loop tests only error paths.
        Assert.InRange(accepted, Iterations / 20, Iterations);
    }

    // One to three edits: insert a fragment, delete a span, or duplicate a line.
    private static string Mutate(string text, Random random)
    {
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0:
                    text = text.Insert(at, s_fragments[random.Next(s_fragments.Length)]);
                    break;
                case 1:
                    text = text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at));
                    break;
                default:
                    var start = text.LastIndexOf('\n', at) + 1;
                    var end = start < text.Length ? text.IndexOf('\n', start) : -1;
                    var line = end < 0 ? text[start..] : text[start..end];
                    text = text.Insert(start, line + "\n");
                    break;
            }
        }
        return text;
    }
}
