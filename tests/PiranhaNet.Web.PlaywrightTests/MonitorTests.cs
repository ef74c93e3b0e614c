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
        // The local director is the primary: its address is the configured one, as on a real director.
        var config = SampleConfigs.Direct(web);
        await VirtualServerTests.SeedAsync(session, config with { Global = config.Global with { Primary = "127.0.0.1" } });
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
        await Expect(page.Locator(".director-role")).ToHaveTextAsync("primary · active");
        // After a few reports the 15-minute charts draw a line for the service in the real browser.
        var connectionsChart = page.Locator("#rate-charts-local figure").First;
        await Expect(connectionsChart.Locator("svg path[fill=none]")).ToHaveCountAsync(1);
        await Expect(connectionsChart).ToContainTextAsync($"TCP  127.0.0.1:{vipPort}");

        // A few seconds of traffic, and the connections-per-second chart rises above zero by itself.
        await SendRequestsAsync(vipPort, backend, count: 24, pause: TimeSpan.FromMilliseconds(250));
        await Expect(connectionsChart.Locator("svg text", new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"^(?!0$)\d+(\.\d+)?$") }))
            .Not.ToHaveCountAsync(0);
        await session.ScreenshotAsync("live-table");

        // On a phone the routing table and the health table scroll in their own boxes; the charts stack.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await session.HorizontalOverflowAsync() <= 0, "the monitor page with a live director scrolls sideways on a 390px phone: " + string.Join(", ", await session.ElementsWiderThanTheWindowAsync()));
        // The charts measure their new size and draw again (a picture only; nothing is asserted on the wait).
        await page.WaitForTimeoutAsync(1000);
        await session.ScreenshotAsync("live-table-phone");
    }

    // Opens count connections through the virtual server one after another, each a small request and answer. The
    // backend answers every connection it accepts, in any order: the agent's health checks connect to it too.
    private static async Task SendRequestsAsync(int vipPort, TcpListener backend, int count, TimeSpan pause)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serving = AnswerEveryConnectionAsync(backend, stop.Token);
        var request = "GET / HTTP/1.0\r\n\r\n"u8.ToArray();
        var answer = new byte[4096];
        for (var i = 0; i < count; i++)
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(IPAddress.Loopback, vipPort, timeout.Token);
            await client.GetStream().WriteAsync(request, timeout.Token);
            Assert.True(await client.GetStream().ReadAsync(answer, timeout.Token) > 0, $"request {i + 1} got no answer");
            await Task.Delay(pause, timeout.Token);
        }
        await stop.CancelAsync();
        await serving;
    }

    private static async Task AnswerEveryConnectionAsync(TcpListener backend, CancellationToken stop)
    {
        var answer = new byte[1024];
        var handlers = new List<Task>();
        try
        {
            while (true)
            {
                var accepted = await backend.AcceptTcpClientAsync(stop);
                handlers.Add(AnswerAsync(accepted, answer, stop));
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(handlers);
    }

    private static async Task AnswerAsync(TcpClient accepted, byte[] answer, CancellationToken stop)
    {
        using (accepted)
        {
            try
            {
                var buffer = new byte[1024];
                if (await accepted.GetStream().ReadAsync(buffer, stop) > 0)
                {
                    await accepted.GetStream().WriteAsync(answer, stop);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // A health check that connected and left, or the end of the test.
            }
        }
    }
}
