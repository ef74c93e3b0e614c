using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Components.Tests.Pages;

/// <summary>
/// The Redundancy page of a cluster: the failover groups and directors as reported, live, with Pause, Drain, Resume and
/// Move for operators (stored, audited) and "Not allowed" for viewers.
/// </summary>
public class ClusterPageTests : DashboardComponentTest
{
    private static LvsConfig Cluster() => SampleConfigs.ThreeDirectorCluster();

    private ClusterOperationsStore Stored => Services.GetRequiredService<ClusterOperationsStore>();

    // The cluster saved, lvs1 enrolled and reporting: it holds a and hears lvs2 (holding b), not lvs3.
    private async Task ArrangeAsync()
    {
        await SeedAsync(Cluster());
        await Services.GetRequiredService<DirectorStore>().AddAsync("lvs1", "hash1", "t", CancellationToken.None);
        var registry = Services.GetRequiredService<AgentRegistry>();
        registry.Connected(new AgentRegistry.AgentSession("lvs1", new System.Net.WebSockets.ClientWebSocket()), new HelloMessage("lvs1", "userspace", 1, true));
        var cluster = new ClusterStatus("lvs1", MemberCondition.Online, true, "quorum: hears 2 of 3 directors (needs 2)",
            [new GroupStatus("a", "lvs1", "lvs1 is its most preferred director", true), new GroupStatus("b", "lvs2", "lvs2 is its most preferred director", false)],
            [new ClusterPeerStatus("lvs2", true, MemberCondition.Online, ["b"], []), new ClusterPeerStatus("lvs3", false, null, [], [])], []);
        var redundancy = new RedundancyStatus(null, DirectorState.Active, "lvs1: holds a", false, null, [], [], [], null, null, cluster);
        registry.Received("lvs1", new StatusMessage(new DirectorStatus("lvs1", "userspace", true, 1, null, [], [], Redundancy: redundancy)));
    }

    [Fact]
    public async Task ClusterView_GroupsAndDirectorsAsReported_WithWarnings()
    {
        await ArrangeAsync();

        var cut = Render<Redundancy>();

        cut.WaitForAssertion(() => Assert.Equal("lvs1", cut.Find("tr[id='group-a'] .group-held-by").TextContent.Trim()));
        Assert.Equal("lvs1 (100), lvs2 (50), lvs3 (10)", cut.Find("tr[id='group-a'] td:nth-child(2)").TextContent.Trim());
        Assert.Equal("online", cut.Find("tr[id='cluster-lvs1'] .cluster-condition").TextContent.Trim());
        Assert.Contains("Group b is held by no director: lvs2 is its most preferred director.", cut.FindAll(".pair-warning").Select(w => w.TextContent.Trim()));
        Assert.Contains("lvs1 does not hear lvs3 on any path.", cut.FindAll(".pair-warning").Select(w => w.TextContent.Trim()));
    }

    [Fact]
    public async Task PauseAndMove_AsOperator_AreStoredAndAudited()
    {
        await ArrangeAsync();
        SignIn("olga", Roles.Operator);
        var cut = Render<Redundancy>();
        cut.WaitForElement("button[aria-label='Pause lvs1']");

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Pause lvs1']").Click());
        cut.WaitForAssertion(() => Assert.Equal(ClusterOperationsStore.Operation.Paused, Assert.Single(Stored.ListOperationsAsync(CancellationToken.None).GetAwaiter().GetResult()).Operation));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Move b to lvs3']").Click());

        cut.WaitForAssertion(() => Assert.Equal("lvs3", Assert.Single(Stored.ListMovesAsync(CancellationToken.None).GetAwaiter().GetResult()).Director));
        cut.WaitForElement("button[aria-label='Resume lvs1']");
        // The audit row is written after the move is stored.
        cut.WaitForAssertion(() => Assert.Equal(["MoveGroup b ok", "PauseDirector lvs1 ok"],
            Services.GetRequiredService<AuditStore>().ListAsync(new AuditStore.Filter(Actor: "olga"), CancellationToken.None).GetAwaiter().GetResult()
                .Select(a => $"{a.Action} {a.Target} {a.Outcome.ToString().ToLowerInvariant()}")));
    }

    [Fact]
    public async Task PauseAndMove_AsViewer_NotAllowed_NothingChanges()
    {
        await ArrangeAsync();
        SignIn("victor", Roles.Viewer);
        var cut = Render<Redundancy>();
        cut.WaitForElement("button[aria-label='Pause lvs1']");
        var before = await StoreDigestAsync();

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Pause lvs1']").Click());
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Move b to lvs3']").Click());

        WaitForNotice("Not allowed: this needs the operator role and 'victor' is a viewer. Nothing was changed.");
        Assert.Equal(before, await StoreDigestAsync());
        Assert.Empty(await Stored.ListMovesAsync(CancellationToken.None));
    }
}
