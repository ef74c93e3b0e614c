using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Tests.Pages;

/// <summary>
/// Every page action that changes something, taken by a user whose role does not allow it (the button pressed all the
/// same, as a crafted request would): the page says "Not allowed" and the store is unchanged. The same actions as an
/// allowed user are the other page tests.
/// </summary>
public class PageActionRolesTests : DashboardComponentTest
{
    // Each action: the least role it needs, and how to take it (render the page, press the button, answer the question).
    private static readonly Dictionary<string, (string Role, Func<PageActionRolesTests, Task> Take)> s_actions = new(StringComparer.Ordinal)
    {
        ["apply pending changes"] = (Roles.Operator, t => t.Press<Review>("#apply")),
        ["discard pending changes"] = (Roles.Operator, t => t.Press<Review>("#discard", answer: "Discard")),
        ["restore a version"] = (Roles.Operator, t => t.Press<History>("button[aria-label='Restore version 1']", answer: "Restore")),
        ["import a file"] = (Roles.Operator, t => t.Import()),
        ["save a setting to the draft"] = (Roles.Operator, t => t.SaveGlobalSettings()),
        ["stop the cluster"] = (Roles.Operator, t => t.Press<ControlMonitoring>("#cluster-stop")),
        ["stop one director"] = (Roles.Operator, t => t.Press<ControlMonitoring>("button[aria-label='Stop lvs1']")),
        ["make a director active"] = (Roles.Operator, t => t.Press<Redundancy>("button[aria-label='Make lvs2 active']")),
        ["enrol a director"] = (Roles.Admin, t => t.Enrol()),
        ["revoke a director"] = (Roles.Admin, t => t.Press<Directors>("button[aria-label='Revoke lvs1']", answer: "Revoke")),
        ["generate a heartbeat key"] = (Roles.Admin, t => t.Press<Redundancy>("#rotate-heartbeat-key")),
        ["add a user"] = (Roles.Admin, t => t.AddUser()),
        ["disable a user"] = (Roles.Admin, t => t.Press<Users>("button[aria-label='Disable piranha']")),
        ["delete a user"] = (Roles.Admin, t => t.Press<Users>("button[aria-label='Delete piranha']", answer: "Delete")),
    };

    /// <summary>Each action with each role below the one it needs.</summary>
    public static TheoryData<string, string> Refusals()
    {
        var data = new TheoryData<string, string>();
        foreach (var (action, (role, _)) in s_actions)
        {
            foreach (var lower in Roles.All.TakeWhile(r => r != role))
            {
                data.Add(action, lower);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Action_RoleTooLow_SaysNotAllowedAndChangesNothing(string action, string role)
    {
        await ArrangeAsync("lesser", role);
        var before = await StoreDigestAsync();

        await s_actions[action].Take(this);

        WaitForNotice($"Not allowed: this needs the {s_actions[action].Role} role and 'lesser' is {(role == Roles.Viewer ? "a" : "an")} {role}. Nothing was changed.");
        Assert.Equal(before, await StoreDigestAsync());
        var refusal = Assert.Single(await Audit.ListAsync(new AuditStore.Filter(Outcome: AuditStore.Outcome.Refused), CancellationToken.None));
        Assert.Equal(("lesser", "session", $"needs {s_actions[action].Role}, is {role}"), (refusal.Actor.Name, refusal.Actor.Via, refusal.Detail));
    }

    [Fact]
    public async Task Action_UserDisabledWhileThePageIsOpen_SessionEndedAndNothingChanges()
    {
        await ArrangeAsync("olga", Roles.Operator);
        var cut = Render<Review>();
        cut.WaitForElement("#apply");
        Assert.Equal(UserStore.Change.Done, await Users.SetDisabledAsync("olga", true, CancellationToken.None));
        var before = await StoreDigestAsync();

        cut.Find("#apply").Click();

        WaitForNotice("Your session has ended: the user was disabled or deleted, or the password changed: sign in again. Nothing was changed.");
        Assert.Equal(before, await StoreDigestAsync());
    }

    [Fact]
    public async Task Action_RoleRaisedWhileThePageIsOpen_IsAllowedAtOnce()
    {
        await ArrangeAsync("victor", Roles.Viewer);
        var cut = Render<Review>();
        cut.WaitForElement("#apply");
        Assert.Equal(UserStore.Change.Done, await Users.SetRoleAsync("victor", Roles.Operator, CancellationToken.None));

        cut.Find("#apply").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, LatestSerial()));
    }

    // Signs in <paramref name="user"/>; two versions, a change pending in that user's draft, two reporting directors (one
    // enrolled): every action has something to act on.
    private async Task ArrangeAsync(string user, string role)
    {
        SignIn(user, role);
        await SeedAsync(Web.UpdateVirtualServer("web", v => v with { Port = 8080 }));
        await SeedAsync(Web);
        await Drafts.ChangeAsync(c => c.RemoveRealServer("web", "r1"), user, CancellationToken.None);
        await Services.GetRequiredService<DirectorStore>().AddAsync("lvs1", "hash1", "t", CancellationToken.None);
        Report("lvs1", DirectorRole.Primary, DirectorState.Active, "primary");
        Report("lvs2", DirectorRole.Backup, DirectorState.Standby, "backup");
    }

    private async Task Press<TPage>(string selector, string? answer = null) where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var cut = Render<TPage>();
        cut.WaitForElement(selector);
        var answered = answer is null ? Task.CompletedTask : AnswerNextDialog(answer);
        // Found and pressed on the renderer's thread: a live page (the directors report) may render in between otherwise.
        await cut.InvokeAsync(() => cut.Find(selector).Click());
        await answered;
    }

    private Task Import()
    {
        var cut = Render<ImportExport>();
        cut.Find("#import-text").Input("network = direct\nvirtual web {\n address = 192.0.2.10\n}\n");
        cut.Find("#import").Click();
        return Task.CompletedTask;
    }

    private Task SaveGlobalSettings()
    {
        var cut = Render<GlobalSettings>();
        cut.WaitForElement("#primary");
        cut.Find("#primary").Input("192.0.2.5");
        cut.Find("form").Submit();
        return Task.CompletedTask;
    }

    private Task AddUser()
    {
        var cut = Render<Users>();
        cut.Find("#new-user-name").Input("mallory");
        cut.Find("form").Submit();
        return Task.CompletedTask;
    }

    private AuditStore Audit => Services.GetRequiredService<AuditStore>();

    private Task Enrol()
    {
        var cut = Render<Directors>();
        cut.Find("#director-name").Input("lvs9");
        cut.Find("form").Submit();
        return Task.CompletedTask;
    }
}
