using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Testing;
using static Microsoft.Playwright.Assertions;

namespace PiranhaNet.Web.PlaywrightTests;

/// <summary>The Redundancy page following a director pair live, fed by two scripted agents over the real agent channel.</summary>
[Collection(BrowserCollection.Name)]
public class RedundancyTests(BrowserFixture browser)
{
    private static readonly DateTimeOffset s_at = DateTimeOffset.UtcNow;

    private static async Task<ClientWebSocket> ConnectAsync(DashboardSession session, string name)
    {
        var (enrolled, _) = await session.Server.Services.GetRequiredService<DirectorEnrolment>().EnrolAsync(name, "test", CancellationToken.None);
        return await Testing.ScriptedAgent.ConnectAsync(session.Server.Address, enrolled!.Token, name, dataplane: "ipvs");
    }

    // The pair the scripted agents report, as the stored configuration describes it: primary 192.0.2.1 and backup
    // 192.0.2.2 with private addresses 10.9.0.x, heartbeats on, monitored links; so the page agrees with itself.
    private static LvsConfig PairConfig()
    {
        var config = SampleConfigs.Direct(SampleConfigs.Web());
        return config with
        {
            Global = config.Global with { PrimaryPrivate = "10.9.0.1" },
            Redundancy = new RedundancyConfig { Enabled = true, Backup = "192.0.2.2", BackupPrivate = "10.9.0.2", Heartbeat = true, MonitorLinks = true },
        };
    }

    // The dashboard's heartbeat key, whose fingerprint the directors report (a director on another key is warned about).
    private static async Task<string> GenerateKeyAsync(DashboardSession session) => HeartbeatKey.Fingerprint(
        await session.Server.Services.GetRequiredService<RedundancyControl>().RotateKeyAsync("piranha", CancellationToken.None));

    private static Task ReportAsync(WebSocket socket, string name, string keyFingerprint, DirectorRole role, DirectorState state, string reason, bool pathsUp, params FailoverRecord[] failovers)
    {
        var (local, peer) = role == DirectorRole.Primary ? ("192.0.2.1", "192.0.2.2") : ("192.0.2.2", "192.0.2.1");
        var redundancy = new RedundancyStatus(role, state, reason, false, pathsUp ? DirectorState.Standby : null,
            [new HeartbeatPathStatus("public", local, peer, pathsUp, s_at, pathsUp ? 0.21 : null),
             new HeartbeatPathStatus("private", local.Replace("192.0.2", "10.9.0"), peer.Replace("192.0.2", "10.9.0"), pathsUp, s_at, pathsUp ? 0.18 : null)],
            [.. failovers], state == DirectorState.Active ? ["192.0.2.10/32 on eth0:1 (virtual server web)"] : [], keyFingerprint, null);
        return WebSocketMessages.SendAsync(socket, new StatusMessage(new DirectorStatus(name, "ipvs", true, 0, null, [], [], Redundancy: redundancy)),
            CancellationToken.None);
    }

    [Fact]
    public async Task Redundancy_PairReportsAFailover_PageShowsRolesPathsAndHistoryWithoutReload()
    {
        await using var session = await DashboardSession.StartAsync(browser, "redundancy-live");
        await VirtualServerTests.SeedAsync(session, PairConfig());
        var fingerprint = await GenerateKeyAsync(session);
        using var primary = await ConnectAsync(session, "lvs1");
        using var backup = await ConnectAsync(session, "lvs2");
        await ReportAsync(primary, "lvs1", fingerprint, DirectorRole.Primary, DirectorState.Active, "primary", pathsUp: true,
            new FailoverRecord(s_at.AddMinutes(-5), DirectorState.Standby, DirectorState.Active, "primary"));
        await ReportAsync(backup, "lvs2", fingerprint, DirectorRole.Backup, DirectorState.Standby, "primary is active", pathsUp: true);
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("redundancy");
        await Expect(page.Locator("#pair-lvs1 .pair-state")).ToHaveTextAsync("active");
        await Expect(page.Locator("#pair-lvs2 .pair-state")).ToHaveTextAsync("standby");
        await Expect(page.Locator("#pair-lvs1")).ToContainTextAsync("192.0.2.1 → 192.0.2.2, 0.21 ms");

        // The primary fails: it reports fault, the backup takes over; the page follows without a reload.
        await ReportAsync(primary, "lvs1", fingerprint, DirectorRole.Primary, DirectorState.Fault, "monitored link eth0 has no carrier", pathsUp: true,
            new FailoverRecord(s_at.AddMinutes(-5), DirectorState.Standby, DirectorState.Active, "primary"),
            new FailoverRecord(s_at, DirectorState.Active, DirectorState.Fault, "monitored link eth0 has no carrier"));
        await ReportAsync(backup, "lvs2", fingerprint, DirectorRole.Backup, DirectorState.Active, "peer is fault", pathsUp: true,
            new FailoverRecord(s_at.AddMilliseconds(80), DirectorState.Standby, DirectorState.Active, "peer is fault"));

        await Expect(page.Locator("#pair-lvs2 .pair-state")).ToHaveTextAsync("active");
        await Expect(page.Locator("#pair-lvs1 .pair-state")).ToHaveTextAsync("fault");
        await Expect(page.Locator("#failovers tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#failovers tbody tr").First).ToContainTextAsync("peer is fault");
        // Nothing on the page contradicts the pair: the key both directors use is the dashboard's, the backup is on.
        await Expect(page.Locator("#backup-status")).ToHaveTextAsync("enabled");
        await Expect(page.GetByText("No heartbeat key yet")).ToHaveCountAsync(0);
        await Expect(page.GetByText("uses heartbeat key")).ToHaveCountAsync(0);
        await page.Locator("#director-pair").ScrollIntoViewIfNeededAsync();
        await session.ScreenshotAsync("pair");

        // On a phone the pair's wide table scrolls in its own box.
        await page.SetViewportSizeAsync(390, 844);
        await session.ScreenshotAsync("pair-phone");
        Assert.True(await session.HorizontalOverflowAsync() <= 0, "the Redundancy page with a pair scrolls sideways on a 390px phone: " + string.Join(", ", await session.ElementsWiderThanTheWindowAsync()));
    }
}
