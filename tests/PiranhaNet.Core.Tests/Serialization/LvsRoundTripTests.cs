using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Serialization;

public class LvsRoundTripTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 300)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ReadWrite_RandomModel_ReturnsEqualModel(int seed)
    {
        var model = new ConfigGenerator(seed).Next(failover: seed % 5 == 0);

        var text = LvsConfigWriter.Write(model);
        var result = LvsConfigReader.TryRead(text);

        Assert.True(result.Success, string.Join("\n", result.Errors) + "\n---\n" + text);
        Assert.Equal(model, result.Config);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void WriteRead_WrittenFile_ReturnsSameText(int seed)
    {
        var written = LvsConfigWriter.Write(new ConfigGenerator(seed).Next(failover: seed % 7 == 0));

        var rewritten = LvsConfigWriter.Write(LvsConfigReader.Read(written));

        Assert.Equal(written, rewritten);
    }

    [Fact]
    public void ReadWrite_EmptyModel_ReturnsEqualModel()
    {
        var text = LvsConfigWriter.Write(LvsConfig.Empty);

        Assert.Equal(LvsConfig.Empty, LvsConfigReader.Read(text));
    }
}
