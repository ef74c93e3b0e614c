using PiranhaNet.Web.Cli;

namespace PiranhaNet.Web.Tests.Cli;

/// <summary><c>piranhanet token ...</c> against a real store: the secret alone on standard output, working; list and revoke.</summary>
public sealed class TokenCliTests : CliTestBase
{
    private string Data => Path.Combine(Temp.Path, "data");

    private async Task AdminAsync() => Assert.Equal(0, (await RunWithInputAsync("a long enough password\n", "passwd", "--user", "ada", "--data", Data)).Code);

    [Fact]
    public async Task Create_WritesOnlyTheSecret_WhichAuthenticates()
    {
        await AdminAsync();

        var (code, output, error) = await RunAsync("token", "create", "--user", "ada", "--name", "ansible", "--role", "operator", "--expires-days", "30", "--data", Data);

        Assert.Equal(0, code);
        Assert.Matches("^pnt_[A-Za-z0-9_-]{43}\n$", output);
        Assert.StartsWith("token 1 'ansible' of 'ada' as operator, until ", error);
        await using var store = await CliStore.OpenAsync(new WebOptions { DataDirectory = Data }, CancellationToken.None);
        var (token, _) = await store.Tokens.AuthenticateAsync(output.Trim(), CancellationToken.None);
        Assert.Equal(("ada", "operator"), (token!.Owner.Name, token.Role));
        Assert.NotNull(token.Token.ExpiresAt);
    }

    [Fact]
    public async Task Create_RoleAboveTheUsers_Exits1()
    {
        await AdminAsync();
        await RunWithInputAsync("a long enough password\n", "user", "add", "victor", "--data", Data);

        var result = await RunAsync("token", "create", "--user", "victor", "--name", "ci", "--role", "admin", "--data", Data);

        Assert.Equal((1, "", "piranhanet token create: a token's role cannot be higher than its owner's: 'victor' is a viewer; nothing changed\n"), result);
    }

    [Fact]
    public async Task ListThenRevoke_TheTokenStops()
    {
        await AdminAsync();
        var secret = (await RunAsync("token", "create", "--user", "ada", "--name", "ci", "--data", Data)).Out.Trim();

        var listed = await RunAsync("token", "list", "--data", Data);
        var revoked = await RunAsync("token", "revoke", "1", "--data", Data);
        var again = await RunAsync("token", "revoke", "1", "--data", Data);

        Assert.Equal("ID  USER  NAME  ROLE  EXPIRES  LAST USED\n1  ada  ci  viewer  never  never\n", listed.Out);
        Assert.DoesNotContain(secret, listed.Out);
        Assert.Equal((0, "token 1 revoked\n", ""), revoked);
        Assert.Equal((1, "", "piranhanet token revoke: there is no token 1; nothing changed\n"), again);
        await using var store = await CliStore.OpenAsync(new WebOptions { DataDirectory = Data }, CancellationToken.None);
        Assert.Null((await store.Tokens.AuthenticateAsync(secret, CancellationToken.None)).Token);
    }

    [Fact]
    public async Task Create_NoUserOption_IsAUsageError()
    {
        var (code, _, error) = await RunAsync("token", "create", "--name", "ci", "--data", Data);

        Assert.Equal(2, code);
        Assert.Contains("--user", error);
    }
}
