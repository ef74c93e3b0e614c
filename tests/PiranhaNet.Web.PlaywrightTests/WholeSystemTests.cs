using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Testing;
using static Microsoft.Playwright.Assertions;

namespace PiranhaNet.Web.PlaywrightTests;

/// <summary>
/// Issue 15's whole system, every part a real process: two <c>piranhanet serve</c> processes on one PostgreSQL, a real
/// piranhanet-agent given both, and Chromium on B. The agent starts on A; B's Control / Monitoring page shows it as A's
/// with the version saved on A. A is killed with SIGKILL: the page on B shows the director arrive, and the next change,
/// made by `piranhanet import` on the store, applied by it, without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WholeSystemTests(BrowserFixture browser) : IAsyncLifetime
{
    private DashboardProcesses _system = null!;

    public async Task InitializeAsync() => _system = await DashboardProcesses.SetUpAsync(await ThrowawayPostgres.NewDatabaseAsync());

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task AgentOnA_ShownOnB_KillA_BSeesItArrive_AndTheNextChangeApplied()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        var (a, b) = (_system.StartDashboard("a"), _system.StartDashboard("b"));
        using var clientA = await _system.ClientAsync(a.Url);
        (await _system.ClientAsync(b.Url)).Dispose();   // B answers
        var enrolled = await (await clientA.PostAsJsonAsync("api/v1/directors", new { name = "lvs1" })).Content.ReadFromJsonAsync<JsonElement>();
        _system.StartAgent(PiranhaNet.Netns.AgentBuild.AssemblyPath, $"{a.Url},{b.Url}", enrolled.GetProperty("token").GetString()!, "lvs1");
        var vip = LoopbackPorts.Free();
        (await clientA.PutAsync("api/v1/config", Json(SampleConfigs.OnLoopback(vip, "rr")))).EnsureSuccessStatusCode();

        var page = await SignedInAsync(b.Url);
        await page.GotoAsync("");
        var summary = page.Locator("#directors-summary");
        await Expect(summary).ToHaveTextAsync("1 enrolled · 1 connected · 1 at version 1", new() { Timeout = 30_000 });
        await Expect(page.Locator(".director-dashboard")).ToContainTextAsync("via ");
        await Expect(page.Locator("#routing-table-lvs1")).ToContainTextAsync($"127.0.0.1:{vip} rr");
        await ScreenshotAsync(page, "01-agent-on-a-shown-on-b");

        a.Process.Kill();   // SIGKILL: A's sockets close with the process
        await a.Process.WaitForExitAsync();
        await Expect(page.Locator(".director-dashboard")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await ImportAsync(SampleConfigs.OnLoopback(vip, "wrr"));

        await Expect(summary).ToHaveTextAsync("1 enrolled · 1 connected · 1 at version 2", new() { Timeout = 30_000 });
        await Expect(page.Locator("#routing-table-lvs1")).ToContainTextAsync($"127.0.0.1:{vip} wrr");
        await ScreenshotAsync(page, "02-a-killed-change-applied-on-b");
    }

    // The administrator signed in on the dashboard at url, in a browser of its own.
    private async Task<IPage> SignedInAsync(string url)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = url + "/", ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("login");
        await page.GetByLabel("User name").FillAsync(DashboardServer.AdminUser);
        await page.GetByLabel("Password").FillAsync(DashboardProcesses.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await DashboardSession.WaitInteractiveAsync(page);
        return page;
    }

    // `piranhanet import` on the shared store, as an operator on another host would: no dashboard's API involved.
    private async Task ImportAsync(LvsConfig config)
    {
        var file = Path.Combine(_system.Directory, "lvs.cf");
        await File.WriteAllTextAsync(file, PiranhaNet.Core.Serialization.LvsConfigWriter.Write(config));
        var error = new StringWriter();
        var code = await PiranhaNet.Web.Cli.PiranhaCli.RunAsync(["import", file, "--store", _system.Store, "--data", Path.Combine(_system.Directory, "cli")],
            new PiranhaNet.Web.Cli.CliContext(TextWriter.Null, error));
        Assert.True(code == 0, error.ToString());
    }

    private static StringContent Json(LvsConfig config) => new(PiranhaJson.Serialize(config), Encoding.UTF8, "application/json");

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = RepositoryPaths.Artifacts("screenshots", $"whole-system-{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}
