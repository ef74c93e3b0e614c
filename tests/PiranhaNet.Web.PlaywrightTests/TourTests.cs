using Microsoft.Playwright;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.PlaywrightTests;

[Collection(BrowserCollection.Name)]
public class TourTests(BrowserFixture browser)
{
    // Every control a keyboard can reach must have an accessible name: a <label for>, aria-labelledby or aria-label;
    // a button or link may also be named by its text or title (an icon-only button has neither text nor label).
    private static async Task<string[]> UnlabelledControlsAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('input, textarea, select, button, a[href], [role=combobox], [role=switch], [role=button]')]
            .filter(e => e.type !== 'hidden' && e.getAttribute('aria-hidden') !== 'true' && e.tabIndex >= 0 && e.offsetParent !== null)
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                && !(e.getAttribute('aria-labelledby') || '').split(' ').some(id => id && document.getElementById(id))
                && !(e.matches('button, a, [role=button]') && ((e.textContent || '').trim() || e.getAttribute('title'))))
            .map(e => e.outerHTML.slice(0, 120))
        """);

    // A desktop, a small laptop and a phone: wide tables scroll inside their own box, the page itself never sideways,
    // and every control keeps its name.
    [Theory]
    [InlineData(1280, 800, "desktop")]
    [InlineData(1024, 700, "laptop")]
    [InlineData(390, 844, "phone")]
    public async Task EveryPage_ScreenSize_FitsWithoutHorizontalScrollingWithNamedControls(int width, int height, string name)
    {
        await using var session = await DashboardSession.StartAsync(browser, name);
        await VirtualServerTests.SeedAsync(session, SampleConfigs.Direct(SampleConfigs.Web(), SampleConfigs.Web("api", "192.0.2.11")));
        await session.Page.SetViewportSizeAsync(width, height);
        await session.SignInAsync();
        foreach (var path in new[] { "", "global", "redundancy", "virtual-servers", "virtual-servers/web", "history", "events", "import-export", "directors" })
        {
            await session.GoToAsync(path);
            var overflow = await session.HorizontalOverflowAsync();
            Assert.True(overflow <= 0, $"'{path}' is {overflow}px wider than a {width}px window: {string.Join(", ", await session.ElementsWiderThanTheWindowAsync())}");
            // What a narrow screen shows instead (icon buttons, cards for table rows) is named too.
            var unlabelled = await UnlabelledControlsAsync(session.Page);
            Assert.True(unlabelled.Length == 0, $"{path} at {width}px: controls without a name:\n{string.Join("\n", unlabelled)}");
            await session.ScreenshotAsync(path.Length == 0 ? "monitor" : path.Replace('/', '-'));
        }
    }

    [Fact]
    public async Task UnlabelledControls_FindsInputsWithoutAName()
    {
        var page = await browser.Browser.NewPageAsync();
        await page.SetContentAsync("""
            <label for="a">A</label><input id="a"><input id="b"><span id="c-label">C</span><div role="combobox" tabindex="0" aria-labelledby="c-label"></div>
            <div role="switch" tabindex="0" aria-labelledby="missing"></div>
            <button>Save</button><button title="Delete"><svg></svg></button><button id="icon"><svg></svg></button><a href="x" aria-label="Home"><svg></svg></a>
            """);

        var unlabelled = await UnlabelledControlsAsync(page);

        Assert.Equal(3, unlabelled.Length);
        Assert.Contains("id=\"b\"", unlabelled[0]);
        Assert.Contains("id=\"icon\"", unlabelled[2]);
        await page.CloseAsync();
    }

    [Fact]
    public async Task EveryPage_SignedIn_RendersItsHeadingWithLabelledControls()
    {
        await using var session = await DashboardSession.StartAsync(browser, "tour");
        await session.SignInAsync();
        var pages = new (string Path, string Heading)[]
        {
            ("", "Control / Monitoring"), ("global", "Global settings"), ("redundancy", "Redundancy"), ("virtual-servers", "Virtual servers"),
            ("virtual-servers/new", "New virtual server"), ("failover-services", "Failover services"), ("history", "History"), ("events", "Events"),
            ("import-export", "Import / export"), ("directors", "Directors"), ("review", "Review pending changes"),
        };
        foreach (var (path, heading) in pages)
        {
            await session.GoToAsync(path);
            await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            var unlabelled = await UnlabelledControlsAsync(session.Page);
            Assert.True(unlabelled.Length == 0, $"{path}: controls without a label:\n{string.Join("\n", unlabelled)}");
            await session.ScreenshotAsync(path.Length == 0 ? "monitor" : path.Replace('/', '-'));
        }
    }
}
