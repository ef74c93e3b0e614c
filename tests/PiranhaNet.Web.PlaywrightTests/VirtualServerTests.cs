using Microsoft.Playwright;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using static Microsoft.Playwright.Assertions;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.PlaywrightTests;

[Collection(BrowserCollection.Name)]
public class VirtualServerTests(BrowserFixture browser)
{
    [Fact]
    public async Task VirtualServer_CreateWithTwoRealServers_ReviewApplyAndExport()
    {
        await using var session = await DashboardSession.StartAsync(browser, "create-virtual-server");
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("virtual-servers");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add virtual server" }).ClickAsync();
        await DashboardSession.WaitInteractiveAsync(page);
        await page.GetByLabel("Name").FillAsync("web");
        await page.GetByLabel("Virtual IP address").FillAsync("192.0.2.10");
        await page.GetByLabel("Virtual IP network mask").FillAsync("255.255.255.0");
        await page.GetByLabel("Device").FillAsync("eth0:1");
        // The cluster defaults to NAT, which needs a NAT router: the form says so as the user types.
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("NAT forwarding needs a NAT router address");
        await session.ScreenshotAsync("nat-needs-router");
        await ChooseAsync(page, "Forwarding method", "Direct routing");
        await Expect(page.Locator(".error-summary")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save to pending changes" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/virtual-servers/web$"));

        await page.GetByRole(AriaRole.Tab, new() { Name = "Real servers" }).ClickAsync();
        await AddRealServerAsync(page, "r1", "192.0.2.21");
        await AddRealServerAsync(page, "r2", "192.0.2.22");
        await Expect(page.Locator("#real-servers-grid")).ToContainTextAsync("192.0.2.22");
        await session.ScreenshotAsync("real-servers");
        await Expect(page.Locator(".pending-badge")).ToHaveTextAsync("1 pending change");

        await page.Locator(".pending-badge").ClickAsync();
        await Expect(page.Locator(".diff-list")).ToContainTextAsync("added virtual server 'web'");
        await session.ScreenshotAsync("review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByText("Version 1 applied")).ToBeVisibleAsync();
        await Expect(page.Locator(".pending-badge")).ToHaveCountAsync(0);

        await session.GoToAsync("virtual-servers");
        var row = page.Locator("#virtual-servers-grid tr", new() { HasText = "web" });
        await Expect(row).ToContainTextAsync("192.0.2.10");
        await Expect(row).ToContainTextAsync("2/2");
        await session.ScreenshotAsync("list");

        var export = await (await page.APIRequest.GetAsync("api/v1/config/export")).TextAsync();
        Assert.Contains("virtual web {", export);
        Assert.Contains("     server r1 {\n         address = 192.0.2.21\n", export);
        Assert.Contains("     server r2 {\n         address = 192.0.2.22\n", export);
        Assert.Contains("# piranhanet: forwarding = direct", export);
    }

    [Fact]
    public async Task VirtualServerEdit_BadAddress_ShowsFieldErrorAsYouTypeAndSavesNothing()
    {
        await using var session = await DashboardSession.StartAsync(browser, "field-error");
        await SeedAsync(session, SampleConfigs.Direct(SampleConfigs.Web()));
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("virtual-servers/web");
        await page.GetByLabel("Virtual IP address").FillAsync("192.0.2.300");

        var field = page.Locator(".config-field", new() { Has = page.GetByLabel("Virtual IP address") });
        await Expect(field.Locator(".config-field-error")).ToHaveTextAsync("'192.0.2.300' is not an IPv4 or IPv6 address");
        await session.ScreenshotAsync("as-you-type");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save to pending changes" }).First.ClickAsync();
        await Expect(page.GetByText("Not saved")).ToBeVisibleAsync();
        await Expect(page.Locator(".pending-badge")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task VirtualServers_DeleteWithConfirm_RemovesItAfterApply()
    {
        await using var session = await DashboardSession.StartAsync(browser, "delete");
        await SeedAsync(session, SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11")));
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("virtual-servers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete api" }).ClickAsync();
        await Expect(page.GetByText("Delete virtual server 'api' (192.0.2.11:80) and its 2 real server(s)?")).ToBeVisibleAsync();
        await session.ScreenshotAsync("confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.Locator("#virtual-servers-grid")).Not.ToContainTextAsync("192.0.2.11");
        await session.GoToAsync("review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByText("Version 2 applied")).ToBeVisibleAsync();

        var config = PiranhaJson.Deserialize(await session.Server.Client.GetStringAsync("api/v1/config"));
        Assert.Equal(["web"], config.VirtualServers.Select(v => v.Name));
    }

    [Fact]
    public async Task RealServer_Drain_KeepsWeightAndShowsDraining()
    {
        await using var session = await DashboardSession.StartAsync(browser, "drain");
        await SeedAsync(session, SampleConfigs.Direct(SampleConfigs.Web()));
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("virtual-servers/web");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Real servers" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Drain r2" }).ClickAsync();

        await Expect(page.Locator("#real-servers-grid tr", new() { HasText = "r2" })).ToContainTextAsync("draining");
        await Expect(page.Locator(".pending-badge")).ToHaveTextAsync("1 pending change");
        await session.ScreenshotAsync("draining");
    }

    private static async Task AddRealServerAsync(IPage page, string name, string address)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Add real server" }).ClickAsync();
        // The real server's dialog, not the (closed) reconnect dialog every page has.
        var dialog = page.GetByRole(AriaRole.Dialog).Filter(new() { Has = page.GetByLabel("Address") });
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Address").FillAsync(address);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("#real-servers-grid")).ToContainTextAsync(address);
    }

    /// <summary>Picks an option of a drop-down by its label, as a keyboard or screen-reader user finds it.</summary>
    internal static async Task ChooseAsync(IPage page, string label, string option)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    internal static async Task SeedAsync(DashboardSession session, LvsConfig config)
    {
        var response = await session.Server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(config));
        response.EnsureSuccessStatusCode();
    }
}
