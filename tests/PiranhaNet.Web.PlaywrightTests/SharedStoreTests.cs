using System.Net.Http.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Web.Testing;
using PiranhaNet.Web.Testing.Fleet;
using static Microsoft.Playwright.Assertions;

namespace PiranhaNet.Web.PlaywrightTests;

/// <summary>
/// Two dashboards on one PostgreSQL store (issue 15): a browser on one sees what is saved on the other, and the directors
/// connected to the other; when the other goes away, the browser sees its directors arrive and the next change applied.
/// </summary>
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

    [Fact]
    public async Task DirectorsOnAnotherDashboard_ShownHere_AndWhenItGoesAway_TheyArriveAndApplyTheNextChange()
    {
        var store = await ThrowawayPostgres.NewDatabaseAsync();
        await using var b = await DashboardSession.StartAsync(browser, "shared-store-directors", store: store);
        var a = await DashboardServer.StartAsync(store: store);
        var enrolled = new List<(string, string)>();
        for (var i = 1; i <= 6; i++)
        {
            var answer = await (await a.Client.PostAsJsonAsync("api/v1/directors", new { name = $"lvs{i}" })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            enrolled.Add(($"lvs{i}", answer.GetProperty("token").GetString()!));
        }
        (await a.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(LargeConfig.Create(3, 2)), ifMatch: 0)).EnsureSuccessStatusCode();
        // Every director tries A first, B second.
        await using var fleet = SimulatedFleet.Start(enrolled, _ => [a.Address, b.Server.Address], new SimulatedDirectorOptions { RetryPause = TimeSpan.FromMilliseconds(200) });
        await b.SignInAsync();
        await b.GoToAsync("");

        var summary = b.Page.Locator("#directors-summary");
        await Expect(summary).ToHaveTextAsync("6 enrolled · 6 connected · 6 at version 1", new() { Timeout = 20_000 });
        await Expect(b.Page.Locator(".director-dashboard")).ToHaveCountAsync(6);
        // More than four report: one routing table, of the director chosen.
        await Expect(b.Page.Locator("pre.routing-table")).ToHaveCountAsync(1);
        await b.ScreenshotAsync("monitor-directors-on-another-dashboard");

        await a.DisposeAsync();
        await Expect(b.Page.Locator(".director-dashboard")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        (await b.Server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(LargeConfig.WithWeight(LargeConfig.Create(3, 2), 0, 9)), ifMatch: 1))
            .EnsureSuccessStatusCode();
        await Expect(summary).ToHaveTextAsync("6 enrolled · 6 connected · 6 at version 2", new() { Timeout = 20_000 });
        await b.ScreenshotAsync("monitor-directors-moved-here");
    }
}
