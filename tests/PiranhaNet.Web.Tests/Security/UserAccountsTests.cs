using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Tests.Shared;

namespace PiranhaNet.Web.Tests.Security;

/// <summary>The users' rules on a real SQLite file: roles, the last admin, disabled users, throttling per user.</summary>
public sealed class UserAccountsTests : IDisposable
{
    private const string Password = "a long enough password";
    private readonly Store _store = Store.CreateAsync().GetAwaiter().GetResult();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-06T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly UserAccounts _accounts;

    public UserAccountsTests()
    {
        _accounts = new UserAccounts(new UserStore(_store.Database, _clock), new PasswordHasher(1_000), new LoginThrottle(_clock),
            new PiranhaNet.Web.Services.ChangeNotifier(NullLogger<PiranhaNet.Web.Services.ChangeNotifier>.Instance), _clock,
            NullLogger<UserAccounts>.Instance);
        Assert.Null(_accounts.SetUpAsync("ada", Password, Password, CancellationToken.None).GetAwaiter().GetResult());
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task SetUp_Twice_RefusesTheSecond()
    {
        Assert.Equal("an administrator already exists; sign in instead", await _accounts.SetUpAsync("eve", Password, Password, CancellationToken.None));
        Assert.Equal(["ada"], (await _accounts.ListAsync(CancellationToken.None)).Select(u => u.Name));
    }

    [Fact]
    public async Task Add_EachRole_SignsInWithThatRole()
    {
        foreach (var role in Roles.All)
        {
            Assert.Null(await _accounts.AddAsync($"user-{role}", role, Password, Password, "ada", CancellationToken.None));
            var (outcome, _, user) = await _accounts.LoginAsync($"user-{role}", Password, "10.0.0.1", CancellationToken.None);
            Assert.Equal((UserAccounts.LoginOutcome.Success, role, "ada"), (outcome, user!.Role, user.CreatedBy));
        }
    }

    [Theory]
    [InlineData("ada", "viewer", Password, Password, "a user named 'ada' already exists")]
    [InlineData("bob", "root", Password, Password, "role 'root' is not one of viewer, operator, admin")]
    [InlineData("bob smith", "viewer", Password, Password, "the user name must be one word")]
    [InlineData("bob", "viewer", "short", "short", "the password must have at least 8 characters")]
    [InlineData("bob", "viewer", Password, "another long password", "the two passwords differ")]
    public async Task Add_BadInput_NamesTheProblemAndAddsNobody(string name, string role, string password, string confirmation, string problem)
    {
        Assert.Equal(problem, await _accounts.AddAsync(name, role, password, confirmation, "ada", CancellationToken.None));
        Assert.Equal(["ada"], (await _accounts.ListAsync(CancellationToken.None)).Select(u => u.Name));
    }

    [Fact]
    public async Task LastAdmin_CannotBeDemotedDisabledOrDeleted()
    {
        const string Refused = "it is the last enabled admin, and the dashboard would have nobody to manage it";
        Assert.EndsWith(Refused, await _accounts.SetRoleAsync("ada", Roles.Operator, CancellationToken.None));
        Assert.EndsWith(Refused, await _accounts.SetDisabledAsync("ada", true, CancellationToken.None));
        Assert.EndsWith(Refused, await _accounts.DeleteAsync("ada", CancellationToken.None));

        var ada = await _accounts.GetAsync("ada", CancellationToken.None);
        Assert.Equal((Roles.Admin, false), (ada!.Role, ada.Disabled));
    }

    [Fact]
    public async Task LastAdmin_ADisabledSecondAdminDoesNotCount()
    {
        Assert.Null(await _accounts.AddAsync("bea", Roles.Admin, Password, Password, "ada", CancellationToken.None));
        Assert.Null(await _accounts.SetDisabledAsync("bea", true, CancellationToken.None));

        Assert.NotNull(await _accounts.DeleteAsync("ada", CancellationToken.None));
        Assert.Null(await _accounts.SetDisabledAsync("bea", false, CancellationToken.None));
        Assert.Null(await _accounts.DeleteAsync("ada", CancellationToken.None));
        Assert.Equal(["bea"], (await _accounts.ListAsync(CancellationToken.None)).Select(u => u.Name));
    }

    [Fact]
    public async Task TwoAdmins_DemotingEachOtherAtOnce_OneStays()
    {
        Assert.Null(await _accounts.AddAsync("bea", Roles.Admin, Password, Password, "ada", CancellationToken.None));

        var problems = await Task.WhenAll(
            Task.Run(() => _accounts.SetRoleAsync("ada", Roles.Viewer, CancellationToken.None)),
            Task.Run(() => _accounts.SetRoleAsync("bea", Roles.Viewer, CancellationToken.None)));

        Assert.Single(problems, p => p is null);
        Assert.Single(await _accounts.ListAsync(CancellationToken.None), u => u.Role == Roles.Admin);
    }

    [Fact]
    public async Task DisabledUser_CannotSignInOrUseTheApi_UntilEnabled()
    {
        Assert.Null(await _accounts.AddAsync("olga", Roles.Operator, Password, Password, "ada", CancellationToken.None));
        Assert.NotNull(await _accounts.VerifyApiCredentialsAsync("olga", Password, "10.0.0.1", CancellationToken.None));

        Assert.Null(await _accounts.SetDisabledAsync("olga", true, CancellationToken.None));

        Assert.Equal(UserAccounts.LoginOutcome.Invalid, (await _accounts.LoginAsync("olga", Password, "10.0.0.1", CancellationToken.None)).Outcome);
        Assert.Null(await _accounts.VerifyApiCredentialsAsync("olga", Password, "10.0.0.1", CancellationToken.None));
        Assert.Null(await _accounts.SetDisabledAsync("olga", false, CancellationToken.None));
        Assert.Equal(UserAccounts.LoginOutcome.Success, (await _accounts.LoginAsync("olga", Password, "10.0.0.2", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Throttle_FailuresForOneUserFromManyAddresses_RefuseThatUserOnly()
    {
        Assert.Null(await _accounts.AddAsync("olga", Roles.Operator, Password, Password, "ada", CancellationToken.None));
        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            await _accounts.LoginAsync("ada", "wrong password", $"10.0.1.{i}", CancellationToken.None);
        }

        Assert.Equal(UserAccounts.LoginOutcome.Throttled, (await _accounts.LoginAsync("ada", Password, "10.0.2.1", CancellationToken.None)).Outcome);
        Assert.Equal(UserAccounts.LoginOutcome.Success, (await _accounts.LoginAsync("olga", Password, "10.0.2.1", CancellationToken.None)).Outcome);
        _clock.Advance(LoginThrottle.Window);
        Assert.Equal(UserAccounts.LoginOutcome.Success, (await _accounts.LoginAsync("ada", Password, "10.0.2.1", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task UnknownUser_FailsLikeAWrongPassword()
    {
        Assert.Equal(UserAccounts.LoginOutcome.Invalid, (await _accounts.LoginAsync("nobody", Password, "10.0.0.1", CancellationToken.None)).Outcome);
        Assert.Equal(UserAccounts.LoginOutcome.Invalid, (await _accounts.LoginAsync("ada", "wrong password", "10.0.0.1", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task PasswordReset_ChangesTheStampThatSessionsCarry()
    {
        var before = UserAccounts.Stamp((await _accounts.GetAsync("ada", CancellationToken.None))!);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await _accounts.SetPasswordAsync("ada", "a different password", CancellationToken.None));

        var user = await _accounts.GetAsync("ada", CancellationToken.None);
        Assert.NotEqual(before, UserAccounts.Stamp(user!));
        Assert.False(UserPrincipals.StillValid(PrincipalWithStamp("ada", before), user));
        Assert.True(UserPrincipals.StillValid(UserPrincipals.For(user!, "test"), user));
        Assert.False(await _accounts.SetPasswordAsync("nobody", "a different password", CancellationToken.None));
    }

    private static System.Security.Claims.ClaimsPrincipal PrincipalWithStamp(string name, string stamp) => new(new System.Security.Claims.ClaimsIdentity(
        [new(System.Security.Claims.ClaimTypes.Name, name), new(UserAccounts.PasswordStampClaim, stamp)], "test"));
}
