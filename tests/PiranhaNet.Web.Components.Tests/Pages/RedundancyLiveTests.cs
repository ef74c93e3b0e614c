using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Components.Tests.Pages;

/// <summary>The pair as the Redundancy and Control / Monitoring pages show it from the directors' reports.</summary>
public class RedundancyLiveTests : DashboardComponentTest
{
    [Fact]
    public async Task RedundancyPage_ShowsRolesStatesPathsAndFailovers_LiveAsReportsArrive()
    {
        await SeedAsync(Web);
        var cut = Render<Redundancy>();
        cut.WaitForElement("#pair-empty");

        Report("lvs1", DirectorRole.Primary, DirectorState.Active, "primary");
        Report("lvs2", DirectorRole.Backup, DirectorState.Standby, "primary is active", privateUp: false);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#director-pair tbody tr").Count));
        var primary = cut.Find("#pair-lvs1").TextContent;
        Assert.Contains("primary", primary);
        Assert.Contains("active", cut.Find("#pair-lvs1 .pair-state").TextContent);
        Assert.Contains("public up", primary);
        Assert.Contains("192.0.2.1 → 192.0.2.2, 0.42 ms, heard 10:00:00.000", primary);
        Assert.Contains("192.0.2.10/32 on eth0:1", primary);
        Assert.Equal("standby", cut.Find("#pair-lvs2 .pair-state").TextContent);
        Assert.Contains("lvs2: heartbeat path private (10.9.0.1 to 10.9.0.2) is down.", cut.Find(".pair-warning").TextContent);
        // The history is read from the store when a failover is recorded, a moment after the statuses.
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#failovers tbody tr").Count));
        Assert.NotNull(cut.Find("button[aria-label='Make lvs2 active']"));
    }

    [Fact]
    public async Task RedundancyPage_GenerateKey_ShowsItOnce_ThenOnlyItsFingerprint_AndWarnsOfADirectorOnAnotherKey()
    {
        await SeedAsync(Web);
        var cut = Render<Redundancy>();
        cut.WaitForElement("#rotate-heartbeat-key");

        cut.Find("#rotate-heartbeat-key").Click();

        cut.WaitForElement("#heartbeat-key-value");
        var key = cut.Find("#heartbeat-key-value").TextContent;
        var fingerprint = HeartbeatKey.Fingerprint(HeartbeatKey.TryDecode(key)!);
        Assert.Equal(fingerprint, cut.Find("#heartbeat-key-fingerprint").TextContent);

        var again = Render<Redundancy>();
        again.WaitForElement("#heartbeat-key-fingerprint");
        Assert.Empty(again.FindAll("#heartbeat-key-value"));
        Assert.DoesNotContain(key, again.Markup);

        Report("lvs1", DirectorRole.Primary, DirectorState.Active, "primary", fingerprint: "0badc0de");
        again.WaitForAssertion(() => Assert.Contains($"lvs1 uses heartbeat key 0badc0de; the dashboard's is {fingerprint}.", again.Markup));
    }

    [Fact]
    public async Task MonitorPage_BothActive_ShowsTheSplitBrainWarningAndTheRoles()
    {
        await SeedAsync(Web);
        await Services.GetRequiredService<DirectorStore>().AddAsync("lvs1", "hash1", "t", CancellationToken.None);
        await Services.GetRequiredService<DirectorStore>().AddAsync("lvs2", "hash2", "t", CancellationToken.None);
        var cut = Render<ControlMonitoring>();

        Report("lvs1", DirectorRole.Primary, DirectorState.Active, "primary");
        Report("lvs2", DirectorRole.Backup, DirectorState.Active, "peer silent on every path for more than 5 s");

        cut.WaitForAssertion(() => Assert.Contains("Split brain: lvs1 and lvs2 both claim to be active", cut.Find(".pair-warning").TextContent));
        Assert.Equal(["primary · active", "backup · active"], cut.FindAll(".director-role").Select(b => b.TextContent));
    }
}
