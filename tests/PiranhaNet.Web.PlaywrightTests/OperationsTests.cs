using Microsoft.Playwright;
using PiranhaNet.Core.Json;
using static Microsoft.Playwright.Assertions;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.PlaywrightTests;

[Collection(BrowserCollection.Name)]
public class OperationsTests(BrowserFixture browser)
{
    [Fact]
    public async Task Import_MalformedLvsCf_ShowsLineErrorsAndImportsNothing()
    {
        await using var session = await DashboardSession.StartAsync(browser, "import");
        await session.SignInAsync();
        var page = session.Page;
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.cf");
        await File.WriteAllTextAsync(file, "network = direct\nvirtual web {\n prot = 80\n address = 192.0.2.10\n}\n");

        await session.GoToAsync("import-export");
        await page.Locator("#import-file").SetInputFilesAsync(file);
        await Expect(page.GetByLabel("or paste its text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("prot = 80"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        await Expect(page.Locator("#import-errors")).ToContainTextAsync($"Not imported: 1 error(s) in {Path.GetFileName(file)}");
        await Expect(page.Locator("#import-errors")).ToContainTextAsync("line 3, column 2 unknown key 'prot' in virtual server 'web'; did you mean 'port'?");
        await session.ScreenshotAsync("errors");
        var versions = await session.Server.Client.GetStringAsync("api/v1/versions");
        Assert.Equal("[]", versions);
        File.Delete(file);
    }

    [Fact]
    public async Task Redundancy_GenerateHeartbeatKey_ShowsItOnce_AfterwardsOnlyItsFingerprint()
    {
        await using var session = await DashboardSession.StartAsync(browser, "heartbeat-key");
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("redundancy");
        await Expect(page.Locator("#heartbeat-key-status")).ToContainTextAsync("No heartbeat key yet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate heartbeat key" }).ClickAsync();
        await Expect(page.Locator("#heartbeat-key-value")).ToBeVisibleAsync();
        var key = await page.Locator("#heartbeat-key-value").TextContentAsync();
        var fingerprint = await page.Locator("#heartbeat-key-fingerprint").TextContentAsync();
        await session.ScreenshotAsync("shown-once");

        await page.ReloadAsync();

        await Expect(page.Locator("#heartbeat-key-fingerprint")).ToHaveTextAsync(fingerprint!);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rotate heartbeat key" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#heartbeat-key-value").CountAsync());
        Assert.DoesNotContain(key!, await page.ContentAsync());
    }

    [Fact]
    public async Task Import_ValidText_MakesAVersion()
    {
        await using var session = await DashboardSession.StartAsync(browser, "import-valid");
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("import-export");
        await page.GetByLabel("or paste its text").FillAsync("network = direct\nvirtual web {\n active = 1\n address = 192.0.2.10\n}\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        await Expect(page.GetByText("Imported as version 1")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task History_RestoreOldVersion_MakesNewVersionWithItsContent()
    {
        await using var session = await DashboardSession.StartAsync(browser, "history");
        await VirtualServerTests.SeedAsync(session, SampleConfigs.Direct(SampleConfigs.Web()));
        await VirtualServerTests.SeedAsync(session, SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11")));
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("history");
        await page.GetByRole(AriaRole.Button, new() { Name = "Changes of version 2" }).ClickAsync();
        await Expect(page.Locator(".diff-list")).ToContainTextAsync("added virtual server 'api'");
        await session.ScreenshotAsync("diff");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore version 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();

        await Expect(page.GetByText("Version 1 restored")).ToBeVisibleAsync();
        await Expect(page.Locator("#versions-grid")).ToContainTextAsync("restored version 1");
        var config = PiranhaJson.Deserialize(await session.Server.Client.GetStringAsync("api/v1/config"));
        Assert.Equal(3, config.SerialNo);
        Assert.Equal(["web"], config.VirtualServers.Select(v => v.Name));
        await session.ScreenshotAsync("restored");
    }

    [Fact]
    public async Task TwoBrowsers_ChangeInOne_AppearsInTheOtherWithoutReload()
    {
        await using var session = await DashboardSession.StartAsync(browser, "two-browsers");
        await VirtualServerTests.SeedAsync(session, SampleConfigs.Direct(SampleConfigs.Web()));
        await session.SignInAsync();
        var other = await session.OpenSecondBrowserAsync(browser);
        await other.GotoAsync("virtual-servers");
        await DashboardSession.WaitInteractiveAsync(other);
        await session.GoToAsync("virtual-servers");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Deactivate web" }).ClickAsync();

        await Expect(other.Locator("#virtual-servers-grid tr", new() { HasText = "web" })).ToContainTextAsync("inactive");
        await Expect(other.Locator(".pending-badge")).ToHaveTextAsync("1 pending change");
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task Directors_EnrolAndRevoke_ShowsTheOneTimeCommand()
    {
        await using var session = await DashboardSession.StartAsync(browser, "directors");
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("directors");
        await page.GetByLabel("Name").FillAsync("lvs1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol" }).ClickAsync();

        await Expect(page.Locator("#agent-command")).ToContainTextAsync($"piranhanet-agent --controller {session.Server.Address.GetLeftPart(UriPartial.Authority)} --token ");
        await Expect(page.Locator("#agent-command")).ToContainTextAsync("--name lvs1");
        await Expect(page.Locator("#directors-grid")).ToContainTextAsync("lvs1");
        await session.ScreenshotAsync("enrolled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke lvs1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(page.Locator("#directors-grid")).Not.ToContainTextAsync("lvs1");
    }

    [Fact]
    public async Task Monitor_StopAndStart_ChangeTheDesiredState()
    {
        await using var session = await DashboardSession.StartAsync(browser, "start-stop");
        await session.SignInAsync();
        var page = session.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(page.Locator("#cluster-state")).ToHaveTextAsync("stopped");
        await Expect(page.Locator("#no-director")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Expect(page.Locator("#cluster-state")).ToHaveTextAsync("running");
    }

    [Fact]
    public async Task Circuit_ServerGoesAway_ShowsTheReconnectDialog()
    {
        await using var session = await DashboardSession.StartAsync(browser, "reconnect");
        await session.SignInAsync();

        await session.Server.StopAsync();

        // .NET 10's script drives the dialog: opened as a modal, saying what is going on.
        var dialog = session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Connection to the dashboard lost" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Reconnecting");
        await session.ScreenshotAsync("reconnecting");
    }

    [Fact]
    public async Task Theme_Toggle_SwitchesToDarkKeptAcrossReloadAndBack()
    {
        await using var session = await DashboardSession.StartAsync(browser, "theme");
        await VirtualServerTests.SeedAsync(session, SampleConfigs.Direct(SampleConfigs.Web()));
        await session.SignInAsync();
        var page = session.Page;
        await session.GoToAsync("virtual-servers");

        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Switch between light and dark theme" });
        Assert.True(await BackgroundLightnessAsync(page) > 0.8, "the page does not start light");

        await toggle.ClickAsync();
        await Expect(page.Locator(".app-layout")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.True(await BackgroundLightnessAsync(page) < 0.3, "the dark theme's background is not dark");
        await session.ScreenshotAsync("dark");
        // The choice is the operator's: a new page load renders dark from the server's first byte.
        await page.ReloadAsync();
        await Expect(page.Locator(".app-layout")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.True(await BackgroundLightnessAsync(page) < 0.3, "the dark choice was lost on reload");

        await toggle.ClickAsync();
        await Expect(page.Locator(".app-layout")).ToHaveAttributeAsync("data-theme", "light");
        Assert.True(await BackgroundLightnessAsync(page) > 0.8, "the light theme's background is not light");
    }

    // The page background's lightness, 0 (black) to 1 (white), as the browser painted it.
    private static Task<double> BackgroundLightnessAsync(IPage page) => page.EvaluateAsync<double>("""
        () => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
            return (Math.max(r, g, b) + Math.min(r, g, b)) / 2 / 255;
        }
        """);
}
