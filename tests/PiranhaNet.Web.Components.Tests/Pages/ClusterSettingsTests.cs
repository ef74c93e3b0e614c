using PiranhaNet.Core.Model;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;

namespace PiranhaNet.Web.Components.Tests.Pages;

/// <summary>A cluster's directors and failover groups edited on the Redundancy form, with the model's messages beside the fields.</summary>
public class ClusterSettingsTests : DashboardComponentTest
{
    // A pair made a cluster of two: group a of lvs1 and lvs2 holds the virtual server.
    private static LvsConfig TwoDirectorCluster => Web with
    {
        VirtualServers = [.. Web.VirtualServers.Select(v => v with { Group = "a" })],
        Redundancy = new RedundancyConfig
        {
            Enabled = true, Heartbeat = true, Backup = "192.0.2.2", PrimaryName = "lvs1", BackupName = "lvs2",
            Groups = [new FailoverGroupConfig { Name = "a", Members = [new("lvs1", 100), new("lvs2", 50)] }],
        },
    };

    [Fact]
    public async Task AddDirector_AndMakeItAMember_SavedToTheDraft()
    {
        await SeedAsync(TwoDirectorCluster);
        var cut = Render<Redundancy>();
        cut.WaitForElement("#add-director");

        // Each element is found and its event fired on the renderer's thread: the page re-renders when the seeded
        // version's notice arrives, and an element found before that render carries handlers that no longer exist.
        await cut.InvokeAsync(() => cut.Find("#add-director").Click());
        cut.WaitForElement("#director-0-address");
        await cut.InvokeAsync(() => cut.Find("#director-0-address").Input("192.0.2.3"));
        await cut.InvokeAsync(() => cut.Find("#director-0-private").Input("10.0.0.3"));
        await cut.InvokeAsync(() => cut.Find("#group-0-members").Input("lvs1:100, lvs2:50, lvs3:10"));
        await cut.InvokeAsync(() => cut.Find("#multicast").Input("239.255.88.1"));
        await cut.InvokeAsync(() => cut.Find("form").Submit());

        cut.WaitForAssertion(() =>
        {
            var redundancy = Draft().Config.Redundancy;
            Assert.Equal([new ClusterDirectorConfig { Name = "lvs3", Address = "192.0.2.3", PrivateAddress = "10.0.0.3" }], redundancy.Directors);
            Assert.Equal("lvs1:100,lvs2:50,lvs3:10", string.Join(",", redundancy.Groups[0].Members.Select(m => $"{m.Director}:{m.Priority}")));
            Assert.Equal("239.255.88.1", redundancy.Multicast);
        });
    }

    [Fact]
    public async Task UnknownMemberAndMissingPriority_NamedBesideTheMembers_AndNothingSaved()
    {
        await SeedAsync(TwoDirectorCluster);
        var cut = Render<Redundancy>();
        cut.WaitForElement("#group-0-members");

        await cut.InvokeAsync(() => cut.Find("#group-0-members").Input("lvs1:100,lvs9:50,lvs2"));
        await cut.InvokeAsync(() => cut.Find("form").SubmitAsync());

        cut.WaitForAssertion(() => Assert.Equal(
            ["unknown director 'lvs9'; the cluster's directors are lvs1, lvs2", "priority 0 of 'lvs2' is out of range 1..255"],
            cut.FindAll(".config-field-invalid .config-field-error").Select(e => e.TextContent)));
        Assert.Empty((await DraftAsync()).Changes);
    }

    [Fact]
    public async Task AddGroup_TheVirtualServerInNoGroup_IsNamed()
    {
        await SeedAsync(Web with { Redundancy = new RedundancyConfig { Enabled = true, Heartbeat = true, Backup = "192.0.2.2" } });
        var cut = Render<Redundancy>();
        cut.WaitForElement("#add-group");

        await cut.InvokeAsync(() => cut.Find("#add-group").Click());
        cut.WaitForElement("#group-0-members");
        await cut.InvokeAsync(() => cut.Find("#group-0-members").Input("primary:100,backup:50"));

        cut.WaitForAssertion(() => Assert.Contains("virtualServers[web].group", cut.Find(".error-summary").TextContent));
        Assert.Equal("group1", cut.Find("#group-0-name").GetAttribute("value"));
    }
}
