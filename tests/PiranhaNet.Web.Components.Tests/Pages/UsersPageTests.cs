using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Tests.Pages;

/// <summary>The admin's Users page on the real store: each action changes the user as it says and is audited.</summary>
public class UsersPageTests : DashboardComponentTest
{
    private const string Password = "a long enough password";

    private UserAccounts Accounts => Services.GetRequiredService<UserAccounts>();

    private Task<UserStore.User?> UserAsync(string name) => Accounts.GetAsync(name, CancellationToken.None);

    [Fact]
    public async Task Add_WithRoleAndPassword_AddsAndListsTheUser()
    {
        var cut = Render<Users>();

        cut.Find("#new-user-name").Input("olga");
        cut.Find("#new-user-password").Change(Password);
        cut.Find("#new-user-confirmation").Change(Password);
        await cut.InvokeAsync(() => cut.FindComponents<PiranhaNet.Web.Components.Controls.ChoiceSelect<string>>().First(c => c.Instance.Id == "new-user-role").Instance.ValueChanged.InvokeAsync(Roles.Operator));
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("olga", cut.Find("#users-grid").TextContent));
        var olga = await UserAsync("olga");
        Assert.Equal((Roles.Operator, "piranha"), (olga!.Role, olga.CreatedBy));
        Assert.Equal(UserAccounts.LoginOutcome.Success, (await Accounts.LoginAsync("olga", Password, "test", CancellationToken.None)).Outcome);
        var row = Assert.Single(await Services.GetRequiredService<AuditStore>().ListAsync(new AuditStore.Filter(Action: AuditActions.AddUser), CancellationToken.None));
        Assert.Equal(("piranha", "olga", AuditStore.Outcome.Ok), (row.Actor.Name, row.Target, row.Outcome));
    }

    [Fact]
    public async Task Add_PasswordsDiffer_SaysSoAndAddsNobody()
    {
        var cut = Render<Users>();

        cut.Find("#new-user-name").Input("olga");
        cut.Find("#new-user-password").Change(Password);
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("the two passwords differ", cut.Find("#user-problem").TextContent));
        Assert.Null(await UserAsync("olga"));
    }

    [Fact]
    public async Task DisableThenEnable_ChangesTheState()
    {
        await Accounts.AddAsync("olga", Roles.Operator, Password, Password, "test", CancellationToken.None);
        var cut = Render<Users>();
        cut.WaitForElement("button[aria-label='Disable olga']");

        cut.Find("button[aria-label='Disable olga']").Click();
        cut.WaitForElement("button[aria-label='Enable olga']");
        Assert.True((await UserAsync("olga"))!.Disabled);

        cut.Find("button[aria-label='Enable olga']").Click();
        cut.WaitForElement("button[aria-label='Disable olga']");
        Assert.False((await UserAsync("olga"))!.Disabled);
    }

    [Fact]
    public async Task LastAdmin_Disable_IsRefusedWithTheReason()
    {
        var cut = Render<Users>();
        cut.WaitForElement("button[aria-label='Disable piranha']");

        cut.Find("button[aria-label='Disable piranha']").Click();

        cut.WaitForAssertion(() => Assert.Contains(NotificationTexts(), t => t.EndsWith("it is the last enabled admin, and the dashboard would have nobody to manage it", StringComparison.Ordinal)));
        Assert.False((await UserAsync("piranha"))!.Disabled);
        var row = Assert.Single(await Services.GetRequiredService<AuditStore>().ListAsync(new AuditStore.Filter(Action: AuditActions.DisableUser), CancellationToken.None));
        Assert.Equal(AuditStore.Outcome.Failed, row.Outcome);
    }

    [Fact]
    public async Task ChangeRole_FromTheGrid_ChangesIt()
    {
        await Accounts.AddAsync("olga", Roles.Viewer, Password, Password, "test", CancellationToken.None);
        var cut = Render<Users>();
        cut.WaitForElement("button[aria-label='Disable olga']");

        await cut.InvokeAsync(() => cut.FindComponents<PiranhaNet.Web.Components.Controls.ChoiceSelect<string>>().First(c => c.Instance.Id == "role-olga").Instance.ValueChanged.InvokeAsync(Roles.Admin));

        cut.WaitForAssertion(() => Assert.Equal(Roles.Admin, UserAsync("olga").GetAwaiter().GetResult()!.Role));
    }

    [Fact]
    public async Task ResetPassword_SetsTheNewOne()
    {
        await Accounts.AddAsync("olga", Roles.Viewer, Password, Password, "test", CancellationToken.None);
        var cut = Render<Users>();
        cut.WaitForElement("button[aria-label='Reset the password of olga']");

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Reset the password of olga']").Click());
        cut.WaitForElement("#reset-password-value");
        await cut.InvokeAsync(() => cut.Find("#reset-password-value").Change("another long password"));
        await cut.InvokeAsync(() => cut.Find("#reset-password-confirmation").Change("another long password"));
        await cut.InvokeAsync(() => cut.Find("#reset-password form").Submit());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#reset-password")));
        Assert.Equal(UserAccounts.LoginOutcome.Success, (await Accounts.LoginAsync("olga", "another long password", "test", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Delete_Confirmed_RemovesTheUser()
    {
        await Accounts.AddAsync("olga", Roles.Viewer, Password, Password, "test", CancellationToken.None);
        var cut = Render<Users>();
        cut.WaitForElement("button[aria-label='Delete olga']");
        var answered = AnswerNextDialog("Delete");

        cut.Find("button[aria-label='Delete olga']").Click();
        await answered;

        cut.WaitForAssertion(() => Assert.Null(UserAsync("olga").GetAwaiter().GetResult()));
    }
}
