using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Testing;
using static Microsoft.Playwright.Assertions;

namespace PiranhaNet.Web.PlaywrightTests;

/// <summary>
/// The Redundancy page of a cluster in a real browser, fed by three scripted agents over the real agent channel: the
/// groups and directors as reported, live, and Pause and Move reaching the directors.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ClusterTests(BrowserFixture browser)
{
    private static LvsConfig Cluster() => SampleConfigs.ThreeDirectorCluster();

    private static async Task<ClientWebSocket> ConnectAsync(DashboardSession session, string name)
    {
        var (enrolled, _) = await session.Server.Services.GetRequiredService<DirectorEnrolment>().EnrolAsync(name, "test", CancellationToken.None);
        return await ScriptedAgent.ConnectAsync(session.Server.Address, enrolled!.Token, name);
    }

    // One director's report: what it holds, whom it hears (the other two, each on the public path).
    private static Task ReportAsync(WebSocket socket, string name, MemberCondition condition, string[] holds, params string[] silent)
    {
        string[] names = ["lvs1", "lvs2", "lvs3"];
        var peers = names.Where(n => n != name).Select(peer => new ClusterPeerStatus(peer, !silent.Contains(peer), silent.Contains(peer) ? null : MemberCondition.Online,
            [], [new HeartbeatPathStatus("public", $"192.0.2.{name[^1]}", $"192.0.2.{peer[^1]}", !silent.Contains(peer), DateTimeOffset.UtcNow, 0.2)])).ToEquatableArray();
        var groups = new[] { ("a", "lvs1"), ("b", "lvs2") }.Select(g => new GroupStatus(g.Item1, holds.Contains(g.Item1) ? name : g.Item2,
            holds.Contains(g.Item1) ? $"{name} holds it" : $"{g.Item2} is its most preferred director", holds.Contains(g.Item1))).ToEquatableArray();
        var cluster = new ClusterStatus(name, condition, true, $"quorum: hears {3 - silent.Length} of 3 directors (needs 2)", groups, peers, []);
        var redundancy = new RedundancyStatus(null, holds.Length > 0 ? DirectorState.Active : DirectorState.Standby, $"{name}: holds {string.Join(", ", holds)}",
            false, null, [], [], [], null, null, cluster);
        return WebSocketMessages.SendAsync(socket, new StatusMessage(new DirectorStatus(name, "userspace", true, 1, null, [], [], Redundancy: redundancy)), CancellationToken.None);
    }

    [Fact]
    public async Task Cluster_GroupsAndDirectorsLive_PauseAndMoveReachTheDirectors()
    {
        await using var session = await DashboardSession.StartAsync(browser, "cluster");
        await VirtualServerTests.SeedAsync(session, Cluster());
        using var lvs1 = await ConnectAsync(session, "lvs1");
        using var lvs2 = await ConnectAsync(session, "lvs2");
        using var lvs3 = await ConnectAsync(session, "lvs3");
        await ReportAsync(lvs1, "lvs1", MemberCondition.Online, ["a"]);
        await ReportAsync(lvs2, "lvs2", MemberCondition.Online, ["b"]);
        await ReportAsync(lvs3, "lvs3", MemberCondition.Online, []);
        await session.SignInAsync();
        var page = session.Page;

        await session.GoToAsync("redundancy");

        await Expect(page.Locator("#group-a .group-held-by")).ToHaveTextAsync("lvs1");
        await Expect(page.Locator("#group-b .group-held-by")).ToHaveTextAsync("lvs2");
        await Expect(page.Locator("#cluster-lvs3 .cluster-condition")).ToHaveTextAsync("online");

        // lvs2 falls silent to lvs1 and lvs3, which take b over: the page follows without a reload.
        await ReportAsync(lvs3, "lvs3", MemberCondition.Online, ["b"], "lvs2");
        await ReportAsync(lvs2, "lvs2", MemberCondition.Online, []);
        await Expect(page.Locator("#group-b .group-held-by")).ToHaveTextAsync("lvs3");
        await Expect(page.Locator(".pair-warning", new() { HasText = "lvs3 does not hear lvs2 on any path." })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause lvs3" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume lvs3" })).ToBeVisibleAsync();
        await Expect(page.GetByText("It keeps what it holds and takes nothing new.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move a to lvs2" }).ClickAsync();
        await Expect(page.Locator("#group-a .group-why")).ToContainTextAsync("(moved to lvs2 by the operator)");
        await session.ScreenshotAsync("cluster-view");

        var stored = session.Server.Services.GetRequiredService<ClusterOperationsStore>();
        Assert.Equal(("lvs3", ClusterOperationsStore.Operation.Paused), (await stored.ListOperationsAsync(CancellationToken.None)) is [var only] ? (only.Director, only.Operation) : default);
        Assert.Equal(("a", "lvs2"), (await stored.ListMovesAsync(CancellationToken.None)) is [var move] ? (move.Group, move.Director) : default);
        Assert.Equal("paused=True moves=a>lvs2", Shown(await LastOperationsAsync(lvs3)));
    }

    private static string Shown(ClusterOperationsMessage m) => $"paused={m.Paused} moves={string.Join(",", m.Moves.Select(x => $"{x.Group}>{x.Director}"))}";

    // The last cluster operations the agent was sent, reading what came (configurations too) until none comes for a second.
    private static async Task<ClusterOperationsMessage> LastOperationsAsync(ClientWebSocket agent)
    {
        ClusterOperationsMessage? last = null;
        while (true)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            AgentMessage? message;
            try
            {
                message = await WebSocketMessages.ReceiveAsync(agent, quiet.Token);
            }
            catch (OperationCanceledException)
            {
                return last ?? throw new InvalidOperationException("no cluster operations came");
            }
            if (message is ClusterOperationsMessage operations)
            {
                last = operations;
            }
        }
    }
}
