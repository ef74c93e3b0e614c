using PiranhaNet.Web.Cli;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Tests.Cli;

/// <summary><c>piranhanet user ...</c> against a real store in a temporary data directory.</summary>
public sealed class UserCliTests : CliTestBase
{
    private const string Password = "a long enough password\n";

    private string Data => Path.Combine(Temp.Path, "data");

    private async Task FirstAdminAsync() =>
        Assert.Equal(0, (await RunWithInputAsync(Password, "passwd", "--user", "ada", "--data", Data)).Code);

    [Fact]
    public async Task Add_ThenList_ShowsEveryUserWithRoleAndState()
    {
        await FirstAdminAsync();

        var added = await RunWithInputAsync(Password, "user", "add", "olga", "--role", "operator", "--data", Data);
        var listed = await RunAsync("user", "list", "--data", Data);

        Assert.Equal((0, "user 'olga' added as operator\n", ""), added);
        Assert.Equal(0, listed.Code);
        var lines = listed.Out.TrimEnd('\n').Split('\n');
        Assert.StartsWith("NAME  ROLE      STATE     PASSWORD SET", lines[0]);
        Assert.Matches(@"^ada   admin     enabled   \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ  setup$", lines[1]);
        Assert.Matches($@"^olga  operator  enabled   .*  cli:{Environment.UserName}$", lines[2]);
    }

    [Fact]
    public async Task Add_WithoutRole_AddsAViewer()
    {
        await FirstAdminAsync();

        Assert.Equal(0, (await RunWithInputAsync(Password, "user", "add", "victor", "--data", Data)).Code);

        Assert.Contains("victor  viewer", (await RunAsync("user", "list", "--data", Data)).Out);
    }

    [Fact]
    public async Task Add_ExistingName_Exits1AndChangesNothing()
    {
        await FirstAdminAsync();

        var again = await RunWithInputAsync(Password, "user", "add", "ada", "--role", "viewer", "--data", Data);

        Assert.Equal((1, "", "piranhanet user add: a user named 'ada' already exists; nothing changed\n"), again);
        Assert.Contains("ada   admin", (await RunAsync("user", "list", "--data", Data)).Out);
    }

    [Fact]
    public async Task Role_UnknownRole_IsAUsageError()
    {
        await FirstAdminAsync();

        var (code, _, error) = await RunAsync("user", "role", "ada", "root", "--data", Data);

        Assert.Equal(2, code);
        Assert.Contains("root", error);
    }

    [Fact]
    public async Task LastAdmin_DisableDemoteDelete_Exit1NamingTheRule()
    {
        await FirstAdminAsync();

        foreach (var args in new[] { new[] { "disable", "ada" }, ["role", "ada", "viewer"], ["delete", "ada"] })
        {
            var (code, output, error) = await RunAsync(["user", .. args, "--data", Data]);
            Assert.Equal((1, ""), (code, output));
            Assert.Equal($"piranhanet user {args[0]}: cannot {(args[0] == "role" ? "make 'ada' a viewer" : $"{args[0]} 'ada'")}: it is the last enabled admin, " +
                "and the dashboard would have nobody to manage it; nothing changed\n", error);
        }
        Assert.Contains("ada   admin     enabled", (await RunAsync("user", "list", "--data", Data)).Out);
    }

    [Fact]
    public async Task DisableEnableRolePasswdDelete_ChangeTheStoreAsSaid()
    {
        await FirstAdminAsync();
        await RunWithInputAsync(Password, "user", "add", "olga", "--role", "operator", "--data", Data);

        Assert.Equal((0, "user 'olga' disabled\n", ""), await RunAsync("user", "disable", "olga", "--data", Data));
        Assert.Contains("olga  operator  disabled", (await RunAsync("user", "list", "--data", Data)).Out);
        Assert.Equal((0, "user 'olga' enabled\n", ""), await RunAsync("user", "enable", "olga", "--data", Data));
        Assert.Equal((0, "user 'olga' is now admin\n", ""), await RunAsync("user", "role", "olga", "admin", "--data", Data));
        Assert.Equal(0, (await RunWithInputAsync("another long password\n", "user", "passwd", "olga", "--data", Data)).Code);
        await using (var store = await CliStore.OpenAsync(new WebOptions { DataDirectory = Data }, CancellationToken.None))
        {
            Assert.Equal(UserAccounts.LoginOutcome.Success, (await store.Accounts.LoginAsync("olga", "another long password", "test", CancellationToken.None)).Outcome);
        }
        // Olga is an admin now, so ada is not the last one.
        Assert.Equal((0, "user 'ada' deleted\n", ""), await RunAsync("user", "delete", "ada", "--data", Data));
        Assert.DoesNotContain("ada", (await RunAsync("user", "list", "--data", Data)).Out);
    }

    [Fact]
    public async Task UnknownUser_Exits1()
    {
        await FirstAdminAsync();

        Assert.Equal((1, "", "piranhanet user disable: there is no user named 'nobody'; nothing changed\n"), await RunAsync("user", "disable", "nobody", "--data", Data));
        Assert.Equal((1, "", "piranhanet user passwd: there is no user named 'nobody'; nothing changed\n"),
            await RunWithInputAsync(Password, "user", "passwd", "nobody", "--data", Data));
        Assert.Equal((1, "", "piranhanet passwd: there is no user named 'nobody' (see 'piranhanet user list'); nothing changed\n"),
            await RunWithInputAsync(Password, "passwd", "--user", "nobody", "--data", Data));
    }

    [Fact]
    public async Task Add_ShortPassword_Exits1AndAddsNobody()
    {
        await FirstAdminAsync();

        var (code, _, error) = await RunWithInputAsync("short\n", "user", "add", "olga", "--data", Data);

        Assert.Equal((1, "piranhanet user add: the password must have at least 8 characters; nothing changed\n"), (code, error));
        Assert.DoesNotContain("olga", (await RunAsync("user", "list", "--data", Data)).Out);
    }

    [Fact]
    public async Task Changes_AreAuditedAsTheCommandLine()
    {
        await FirstAdminAsync();
        await RunWithInputAsync(Password, "user", "add", "olga", "--data", Data);
        await RunAsync("user", "delete", "nobody", "--data", Data);

        await using var store = await CliStore.OpenAsync(new WebOptions { DataDirectory = Data }, CancellationToken.None);
        var rows = await store.Audit.ListAsync(new PiranhaNet.Web.Data.AuditStore.Filter(), CancellationToken.None);

        Assert.Equal(
        [
            $"cli:{Environment.UserName} cli DeleteUser nobody Failed there is no user named 'nobody'",
            $"cli:{Environment.UserName} cli AddUser olga Ok user 'olga' added as viewer",
            $"cli:{Environment.UserName} cli AddUser ada Ok as admin (first-run setup)",
        ], rows.Select(r => $"{r.Actor.Name} {r.Actor.Via} {r.Action} {r.Target} {r.Outcome} {r.Detail}"));
    }
}
