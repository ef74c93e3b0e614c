using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Serialization;

/// <summary>
/// Bounded, seeded fuzzing: mutated lvs.cf files must never make the reader (or the checker) throw, and
/// whatever the reader accepts must survive a write/read round trip.
/// </summary>
public class LvsConfigReaderFuzzTests
{
    private const int Iterations = 4000;

    private static readonly string[] s_fragments =
    [
        "{", "}", "=", "\"", "'", "\\", "#", "# piranhanet:", "\n", "\r\n", "\t", " ", "virtual", "server", "failover",
        "address", "port", "weight", "0", "1", "-1", "99999999999999999999", "\\x", "\\x4", "http", "eth0:1", "::1", "\0", "é",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryRead_MutatedFiles_NeverThrowsAndRoundTripsWhatItAccepts(int seed)
    {
        var random = new Random(seed);
        var generator = new ConfigGenerator(seed * 1000);
        var accepted = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var text = Mutate(LvsConfigWriter.Write(generator.Next(failover: i % 9 == 0)), random);

            var result = LvsConfigReader.TryRead(text);
            _ = LvsConfigChecker.Check(text);

            if (result.Success)
            {
                accepted++;
                var again = LvsConfigReader.TryRead(LvsConfigWriter.Write(result.Config!));
                Assert.True(again.Success, $"seed {seed} iteration {i}: written file did not read back:\n{string.Join("\n", again.Errors)}");
                Assert.Equal(result.Config, again.Config);
            }
            else
            {
                Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1 && e.Message.Length > 0));
            }
        }
        // The mutations must leave some files valid, or the round-trip half of this test proves nothing.
        Assert.InRange(accepted, Iterations / 20, Iterations - 1);
    }

    private static string Mutate(string text, Random random)
    {
        var chars = new List<char>(text);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && chars.Count > 0; m++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(5))
            {
                case 0: chars.RemoveRange(at, Math.Min(random.Next(1, 12), chars.Count - at)); break;
                case 1: chars.InsertRange(at, s_fragments[random.Next(s_fragments.Length)]); break;
                case 2: chars[at] = (char)random.Next(0, 128); break;
                case 3: chars.RemoveRange(at, chars.Count - at); break;
                default:
                    var from = random.Next(chars.Count);
                    chars.InsertRange(at, chars.GetRange(from, Math.Min(random.Next(1, 40), chars.Count - from)));
                    break;
            }
        }
        return new string([.. chars]);
    }
}
