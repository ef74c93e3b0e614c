using Microsoft.Playwright;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.PlaywrightTests;

/// <summary>
/// A fresh dashboard (its own SQLite file) and a browser page on it, with helpers that act as a user would
/// and save a screenshot of every page visited to artifacts/screenshots.
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    private readonly string _test;
    private int _shots;

    // What the browser said (console and page errors), attached to failures so a red test explains itself.
    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> s_console = new();

    private DashboardSession(DashboardServer server, IBrowserContext context, IPage page, string test)
    {
        Server = server;
        Context = context;
        Page = page;
        _test = test;
    }

    /// <summary>The server.</summary>
    public DashboardServer Server { get; }

    /// <summary>The browser context (cookies).</summary>
    public IBrowserContext Context { get; }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>
    /// Starts a server and opens a 1280x800 page; <paramref name="withAdmin"/> false leaves first-run setup to the
    /// test, <paramref name="localAgent"/> runs the embedded agent (director "local"), a <paramref name="store"/> (a PostgreSQL
    /// connection string) replaces the SQLite file.
    /// </summary>
    public static async Task<DashboardSession> StartAsync(BrowserFixture browser, string test, bool withAdmin = true, bool localAgent = false, string? store = null)
    {
        // Expectations wait as long as actions: on a loaded 2-core CI machine a Blazor round trip can exceed the 5 s default.
        Assertions.SetDefaultExpectTimeout(15_000);
        var server = await DashboardServer.StartAsync(withAdmin, localAgent: localAgent, store: store);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        Watch(page);
        return new DashboardSession(server, context, page, test);
    }

    /// <summary>Opens another page in a separate browser context (another browser), signed in as the test administrator.</summary>
    public Task<IPage> OpenSecondBrowserAsync(BrowserFixture browser) =>
        OpenSecondBrowserAsync(browser, DashboardServer.AdminUser, DashboardServer.AdminPassword);

    /// <summary>Opens another page in a separate browser context (another browser), signed in as <paramref name="user"/>.</summary>
    public async Task<IPage> OpenSecondBrowserAsync(BrowserFixture browser, string user, string password)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        Watch(page);
        await SignInAsync(page, user, password);
        return page;
    }

    /// <summary>Signs in through the login page with the test administrator.</summary>
    public Task SignInAsync() => SignInAsync(Page, DashboardServer.AdminUser, DashboardServer.AdminPassword);

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitInteractiveAsync(page);
    }

    /// <summary>Goes to a dashboard page and waits until its buttons work.</summary>
    public async Task GoToAsync(string path)
    {
        await Page.GotoAsync(path);
        try
        {
            await WaitInteractiveAsync(Page);
        }
        catch (TimeoutException e)
        {
            var serverErrors = Server.Log.Messages.Where(m => m.Contains("xception", StringComparison.Ordinal) || m.Contains("rror", StringComparison.Ordinal));
            throw new TimeoutException($"{e.Message}\nthe server logged:\n{string.Join("\n", serverErrors)}", e);
        }
    }

    /// <summary>Waits until the Blazor circuit runs (prerendered buttons do nothing before).</summary>
    public static async Task WaitInteractiveAsync(IPage page)
    {
        try
        {
            await page.Locator("#render-state[data-state='interactive']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"the page {page.Url} never became interactive; the browser said:\n{string.Join("\n", s_console)}", e);
        }
    }

    private static void Watch(IPage page)
    {
        page.Console += (_, message) => s_console.Enqueue($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => s_console.Enqueue($"page error: {error}");
    }

    /// <summary>
    /// How many pixels wider than the window the page is (0 or less: it never scrolls sideways), once it has settled
    /// (after a resize the navigation drawer closes with an animation): the last of up to 20 readings 100 ms apart.
    /// </summary>
    public async Task<int> HorizontalOverflowAsync()
    {
        var overflow = 0;
        for (var reading = 0; reading < 20; reading++)
        {
            overflow = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow <= 0)
            {
                break;
            }
            await Page.WaitForTimeoutAsync(100);
        }
        return overflow;
    }

    /// <summary>
    /// The elements that stick out of the window on the right while their parent does not (where a sideways
    /// scroll comes from), for a failing test's message.
    /// </summary>
    public Task<string[]> ElementsWiderThanTheWindowAsync() => Page.EvaluateAsync<string[]>("""
        () => {
            const width = document.documentElement.clientWidth;
            const sticksOut = e => e.getBoundingClientRect().right > width + 1;
            // Inside a box that scrolls or clips and itself fits, sticking out is that box's business, not the page's;
            // an absolutely placed element escapes every such box that is not positioned itself.
            const clipped = e => {
                const absolute = getComputedStyle(e).position === 'absolute';
                for (let a = e.parentElement; a; a = a.parentElement) {
                    const style = getComputedStyle(a);
                    if (style.overflowX !== 'visible' && !sticksOut(a) && (!absolute || style.position !== 'static')) return true;
                }
                return false;
            };
            return [...document.body.querySelectorAll('*')]
                .filter(e => sticksOut(e) && !clipped(e))
                .slice(-5)
                .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`);
        }
        """);

    /// <summary>Saves a full-page screenshot as artifacts/screenshots/TEST-NN-NAME.png and returns its path.</summary>
    public Task<string> ScreenshotAsync(string name) => ScreenshotAsync(Page, name);

    /// <summary>As <see cref="ScreenshotAsync(string)"/>, of another browser's <paramref name="page"/>.</summary>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = RepositoryPaths.Artifacts("screenshots", $"{_test}-{++_shots:D2}-{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Let notifications and animations settle so the picture shows what a user sees.
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await Server.DisposeAsync();
    }
}
