using Microsoft.Playwright;

namespace PiranhaNet.Web.PlaywrightTests;

[Collection(BrowserCollection.Name)]
public class TourTests(BrowserFixture browser)
{
    [Fact]
    public async Task EveryPage_SignedIn_RendersItsHeading()
    {
        await using var session = await DashboardSession.StartAsync(browser, "tour");
        await session.SignInAsync();
        var pages = new (string Path, string Heading)[]
        {
            ("", "Control / Monitoring"), ("global", "Global settings"), ("redundancy", "Redundancy"), ("virtual-servers", "Virtual servers"),
            ("virtual-servers/new", "New virtual server"), ("failover-services", "Failover services"), ("history", "History"),
            ("import-export", "Import / export"), ("directors", "Directors"), ("review", "Review pending changes"),
        };
        foreach (var (path, heading) in pages)
        {
            await session.GoToAsync(path);
            await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await session.ScreenshotAsync(path.Length == 0 ? "monitor" : path.Replace('/', '-'));
        }
    }
}
