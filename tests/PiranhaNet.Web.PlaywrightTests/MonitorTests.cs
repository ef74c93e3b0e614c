using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Testing;
using static Microsoft.Playwright.Assertions;

namespace PiranhaNet.Web.PlaywrightTests;

/// <summary>The monitor page against the embedded local agent (userspace dataplane) forwarding real connections.</summary>
[Collection(BrowserCollection.Name)]
public class MonitorTests(BrowserFixture browser)
{
    [Fact]
    public async Task Monitor_LocalAgentForwardsAConnection_TableAndChartsShowItLiveWithoutReload()
    {
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        var backendPort = ((IPEndPoint)backend.LocalEndpoint).Port;
        var vipPort = LoopbackPorts.Free();
        await using var session = await DashboardSession.StartAsync(browser, "monitor-live", localAgent: true);
        var web = SampleConfigs.Web("web", "127.0.0.1") with
        {
            Port = vipPort,
            Scheduler = "rr",
            RealServers = [new RealServerConfig { Name = "r1", Address = "127.0.0.1", Port = backendPort, Active = true }],
        };
        await VirtualServerTests.SeedAsync(session, SampleConfigs.Direct(web));
        await session.SignInAsync();
        var page = session.Page;
        var table = page.Locator("#routing-table-local");

        await Expect(table).ToContainTextAsync($"TCP  127.0.0.1:{vipPort} rr");
        await Expect(table).ToContainTextAsync(new System.Text.RegularExpressions.Regex($@"-> 127\.0\.0\.1:{backendPort} +Route +1 +0 +0"));

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, vipPort);
        using var accepted = await backend.AcceptTcpClientAsync();

        // The agent reports every second and the page is pushed the change: no reload, no button.
        await Expect(table).ToContainTextAsync(new System.Text.RegularExpressions.Regex($@"-> 127\.0\.0\.1:{backendPort} +Route +1 +1 +0"));
        await Expect(page.Locator(".director-role")).ToHaveTextAsync("active");
        // After a few reports the 15-minute charts draw a line for the service in the real browser.
        var connectionsChart = page.Locator("#rate-charts-local figure").First;
        await Expect(connectionsChart.Locator("svg path[fill=none]")).ToHaveCountAsync(1);
        await Expect(connectionsChart).ToContainTextAsync($"TCP  127.0.0.1:{vipPort}");
        await session.ScreenshotAsync("live-table");
    }
}
