using Microsoft.Playwright;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Testing;
using static Microsoft.Playwright.Assertions;

namespace PiranhaNet.Web.PlaywrightTests;

/// <summary>
/// Two users editing at once, each in their own browser with their own pending changes: the admin "piranha" and the
/// operator "olga". Both start from version 1 (web and api); piranha applies first, olga's changes are rebased onto it.
/// </summary>
[Collection(BrowserCollection.Name)]
public class TwoUsersTests(BrowserFixture browser)
{
    private const string OlgaPassword = "olga's long enough password";

    [Fact]
    public async Task TwoUsers_ChangeDifferentFields_BothChangesLand()
    {
        await using var session = await DashboardSession.StartAsync(browser, "two-users-merge");
        var olga = await ArrangeAsync(session);

        await SetFieldAsync(session.Page, "Application port", "8080");
        await SetFieldAsync(olga, "Persistence (seconds)", "300");
        await DeactivateApiAsync(olga);
        await ApplyAsync(session.Page, 2);

        // Olga's Review shows her changes only, on top of piranha's version 2.
        await olga.GotoAsync("review");
        await DashboardSession.WaitInteractiveAsync(olga);
        await Expect(olga.GetByText("Applying makes version 3 from version 2")).ToBeVisibleAsync();
        await Expect(olga.Locator(".diff-list")).ToContainTextAsync("300");
        await Expect(olga.Locator(".diff-list")).ToContainTextAsync("api");
        await Expect(olga.Locator(".diff-list")).Not.ToContainTextAsync("8080");
        await ApplyAsync(olga, 3);

        var config = await LatestAsync(session);
        var web = config.VirtualServers.Single(v => v.Name == "web");
        Assert.Equal((3, 8080, 300, false), (config.SerialNo, web.Port, web.Persistent, config.VirtualServers.Single(v => v.Name == "api").Active));
        await olga.Context.CloseAsync();
    }

    [Fact]
    public async Task TwoUsers_ChangeTheSameField_ConflictShowsBothValuesAndNothingAppliesUntilChosen()
    {
        await using var session = await DashboardSession.StartAsync(browser, "two-users-conflict");
        var olga = await ArrangeAsync(session);

        await SetFieldAsync(session.Page, "Application port", "8080");
        await SetFieldAsync(olga, "Application port", "8081");
        await DeactivateApiAsync(olga);
        await ApplyAsync(session.Page, 2);

        await olga.GotoAsync("review");
        await DashboardSession.WaitInteractiveAsync(olga);
        var row = olga.Locator("tr[id='conflict-virtualServers[web].port']");
        await Expect(row.Locator(".conflict-base")).ToHaveTextAsync("80");
        await Expect(row.Locator(".conflict-mine")).ToHaveTextAsync("8081");
        await Expect(row.Locator(".conflict-theirs")).ToHaveTextAsync("8080");
        await Expect(olga.Locator("#conflicts tbody tr")).ToHaveCountAsync(1);
        await Expect(olga.Locator("#apply")).ToHaveCountAsync(0);
        await Expect(olga.Locator("#settle")).ToBeDisabledAsync();
        await session.ScreenshotAsync(olga, "olga-conflict");
        Assert.Equal((2, 8080), Port(await LatestAsync(session)));

        await olga.GetByLabel("Keep yours for virtualServers[web].port").CheckAsync();
        await olga.Locator("#settle").ClickAsync();
        await Expect(olga.Locator("#conflicts")).ToHaveCountAsync(0);
        Assert.Equal((2, 8080), Port(await LatestAsync(session)));
        await ApplyAsync(olga, 3);
        await session.ScreenshotAsync(olga, "olga-applied");

        var config = await LatestAsync(session);
        Assert.Equal((3, 8081), Port(config));
        Assert.False(config.VirtualServers.Single(v => v.Name == "api").Active);
        await olga.Context.CloseAsync();
    }

    // Version 1 with web (port 80) and api; piranha signed in here, olga (an operator) in a second browser.
    private async Task<IPage> ArrangeAsync(DashboardSession session)
    {
        await VirtualServerTests.SeedAsync(session, SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11")));
        await session.Server.AddUserAsync("olga", Roles.Operator, OlgaPassword);
        await session.SignInAsync();
        return await session.OpenSecondBrowserAsync(browser, "olga", OlgaPassword);
    }

    // Edits one field of virtual server web and saves it to this user's pending changes.
    private static async Task SetFieldAsync(IPage page, string label, string value)
    {
        await page.GotoAsync("virtual-servers/web");
        await DashboardSession.WaitInteractiveAsync(page);
        await page.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save to pending changes" }).First.ClickAsync();
        await Expect(page.Locator(".pending-badge")).ToBeVisibleAsync();
    }

    private static async Task DeactivateApiAsync(IPage page)
    {
        await page.GotoAsync("virtual-servers");
        await DashboardSession.WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate api" }).ClickAsync();
        await Expect(page.Locator("#virtual-servers-grid tr", new() { HasText = "api" })).ToContainTextAsync("inactive");
    }

    private static async Task ApplyAsync(IPage page, int serial)
    {
        await page.GotoAsync("review");
        await DashboardSession.WaitInteractiveAsync(page);
        await page.Locator("#apply").ClickAsync();
        await Expect(page.GetByText($"Version {serial} applied")).ToBeVisibleAsync();
    }

    private static async Task<LvsConfig> LatestAsync(DashboardSession session) =>
        PiranhaJson.Deserialize(await session.Server.Client.GetStringAsync("api/v1/config"));

    private static (int Serial, int Port) Port(LvsConfig config) => (config.SerialNo, config.VirtualServers.Single(v => v.Name == "web").Port);
}
