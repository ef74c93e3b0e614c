using System.Text.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Json;

public class PiranhaJsonTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void SerializeDeserialize_RandomModel_ReturnsEqualModel(int seed)
    {
        var model = new ConfigGenerator(seed).Next(failover: seed == 4);

        var json = PiranhaJson.Serialize(model);

        Assert.Equal(model, PiranhaJson.Deserialize(json));
    }

    [Fact]
    public void Serialize_UsesCamelCaseNamesAndEnumStrings()
    {
        var json = PiranhaJson.Serialize(Configs.Web);

        Assert.Contains("\"virtualServers\":[", json);
        Assert.Contains("\"network\":\"direct\"", json);
        Assert.Contains("\"kind\":\"connect\"", json);
        Assert.Contains("\"realServers\":[{\"name\":\"r1\"", json);
    }

    [Fact]
    public void Deserialize_MissingFields_TakesDefaults()
    {
        var config = PiranhaJson.Deserialize("""{"virtualServers":[{"name":"web","address":"10.0.0.1"}]}""");

        Assert.Equal(new VirtualServerConfig { Name = "web", Address = "10.0.0.1" }, config.VirtualServers[0]);
    }

    [Theory]
    [InlineData("""{"global":{"network":"natt"}}""")]
    [InlineData("""{"global":{"network":1}}""")]
    [InlineData("""{"virtualServers":[{"address":"10.0.0.1"}]}""")]
    [InlineData("""{"global":{"primary":null}}""")]
    [InlineData("null")]
    public void Deserialize_BadShape_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => PiranhaJson.Deserialize(json));
    }
}
