using Npgsql;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Tests.Data;

public class StoreLocationTests
{
    [Fact]
    public void Parse_PostgresUrl_BecomesNpgsqlsConnectionString()
    {
        var location = Assert.IsType<StoreLocation.Postgres>(StoreLocation.Parse("postgres://piranha:s%40cret@db1.example:6432/lvs?sslmode=require"));

        var parsed = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(("db1.example", 6432, "piranha", "s@cret", "lvs", SslMode.Require), (parsed.Host, parsed.Port, parsed.Username, parsed.Password, parsed.Database, parsed.SslMode));
        Assert.DoesNotContain("cret", location.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db1;Database=lvs;Username=piranha")]
    [InlineData("postgresql://db1/lvs")]
    public void Parse_ConnectionStringOrUrl_IsPostgres(string text) =>
        Assert.Equal("db1", new NpgsqlConnectionStringBuilder(Assert.IsType<StoreLocation.Postgres>(StoreLocation.Parse(text)).ConnectionString).Host);

    [Fact]
    public void Parse_APath_IsASqliteFile() =>
        Assert.Equal(new StoreLocation.Sqlite("/var/lib/piranhanet/piranhanet.db"), StoreLocation.Parse("/var/lib/piranhanet/piranhanet.db"));

    [Theory]
    [InlineData("postgres://user:topsecret@db1/lvs?frobnicate=1", "'frobnicate'")]
    [InlineData("postgres://", "needs a host")]
    [InlineData("Host=db1;Frobnicate=topsecret", "not a PostgreSQL connection string")]
    public void Parse_Bad_NamesWhat_NeverThePassword(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => StoreLocation.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", error.Message, StringComparison.Ordinal);
    }
}
