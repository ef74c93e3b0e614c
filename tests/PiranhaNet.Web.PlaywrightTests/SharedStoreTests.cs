using PiranhaNet.Core.Json;
using PiranhaNet.Web.Testing;
using static Microsoft.Playwright.Assertions;

namespace PiranhaNet.Web.PlaywrightTests;

/// <summary>Two dashboards on one PostgreSQL store (issue 15): a browser on one sees what is saved on the other.</summary>
[Collection(BrowserCollection.Name)]
public class SharedStoreTests(BrowserFixture browser)
{
    [Fact]
    public async Task SavedOnAnotherDashboard_TheHistoryHereShowsIt_WithoutReload()
    {
        var store = await ThrowawayPostgres.NewDatabaseAsync();
        await using var session = await DashboardSession.StartAsync(browser, "shared-store", store: store);
        await using var other = await DashboardServer.StartAsync(store: store);
        await session.SignInAsync();
        await session.GoToAsync("history");

        var json = PiranhaJson.Serialize(SampleConfigs.Direct(SampleConfigs.Web("saved-elsewhere")));
        (await other.SendJsonAsync(HttpMethod.Put, "/api/v1/config", json, ifMatch: 0)).EnsureSuccessStatusCode();

        await Expect(session.Page.Locator("#versions-grid")).ToContainTextAsync("saved-elsewhere");
        await session.ScreenshotAsync("history-saved-elsewhere");
    }
}
