using PiranhaNet.Core.Ipvs;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Components.Tests.Pages;

public class OperationPagesTests : DashboardComponentTest
{
    [Fact]
    public async Task Review_PendingChanges_ListsThemAndApplyMakesAVersion()
    {
        await SeedAsync(Web);
        await Drafts.ChangeAsync(c => c.RemoveRealServer("web", "r1"), "piranha", CancellationToken.None);
        var cut = Render<Review>();
        cut.WaitForAssertion(() => Assert.Contains("removed real server 'r1'", cut.Find(".diff-list").TextContent));

        cut.Find("#apply").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, LatestSerial()));
        Assert.Empty((await DraftAsync()).Changes);
    }

    [Fact]
    public async Task Review_DiscardConfirmed_DropsTheDraft()
    {
        await SeedAsync(Web);
        await Drafts.ChangeAsync(c => c.RemoveRealServer("web", "r1"), "piranha", CancellationToken.None);
        var cut = Render<Review>();
        cut.WaitForElement("#discard");
        _ = AnswerNextDialog("Discard");

        cut.Find("#discard").Click();

        cut.WaitForAssertion(() => Assert.Empty(Draft().Changes));
        Assert.Equal(1, (await Configs.GetLatestAsync(CancellationToken.None)).Info.Serial);
    }

    [Fact]
    public async Task Review_AnotherSaveOfOtherFields_ShowsWhatApplyWillChangeAndMergesBoth()
    {
        await SeedAsync(Web);
        await Drafts.ChangeAsync(c => c.RemoveRealServer("web", "r1"), "piranha", CancellationToken.None);
        await Configs.UpdateAsync(null, "api", c => c with { Global = c.Global with { Primary = "192.0.2.9" } }, CancellationToken.None);
        var cut = Render<Review>();
        cut.WaitForElement("#apply");

        Assert.Contains("removed real server 'r1'", cut.Find(".diff-list").TextContent);
        Assert.DoesNotContain("primary", cut.Find(".diff-list").TextContent);
        cut.Find("#apply").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, LatestSerial()));
        var latest = (await Configs.GetLatestAsync(CancellationToken.None)).Config;
        Assert.Equal(("192.0.2.9", 1), (latest.Global.Primary, latest.VirtualServers[0].RealServers.Count));
    }

    [Fact]
    public async Task Review_Conflict_ShowsBothValuesAndAppliesOnlyOnceChosen()
    {
        await SeedAsync(Web);
        await Drafts.ChangeAsync(c => c.UpdateVirtualServer("web", v => v with { Port = 8080 }), "piranha", CancellationToken.None);
        await Configs.UpdateAsync(null, "api", c => c.UpdateVirtualServer("web", v => v with { Port = 8443 }), CancellationToken.None);
        var cut = Render<Review>();
        cut.WaitForElement("#conflicts");

        var row = cut.Find("tr[id='conflict-virtualServers[web].port']");
        Assert.Equal(("80", "8080", "8443"), (row.QuerySelector(".conflict-base")!.TextContent, row.QuerySelector(".conflict-mine")!.TextContent,
            row.QuerySelector(".conflict-theirs")!.TextContent));
        Assert.Empty(cut.FindAll("#apply"));
        Assert.True(cut.Find("#settle").HasAttribute("disabled"));

        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudRadioGroup<PiranhaNet.Core.Diffing.ThreeWayMerge.Side?>>().Instance
            .ValueChanged.InvokeAsync(PiranhaNet.Core.Diffing.ThreeWayMerge.Side.Mine));
        cut.Find("#settle").Click();
        cut.WaitForElement("#apply");
        Assert.Equal(2, LatestSerial());
        cut.Find("#apply").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, LatestSerial()));
        Assert.Equal(8080, (await Configs.GetLatestAsync(CancellationToken.None)).Config.VirtualServers[0].Port);
    }

    [Fact]
    public async Task History_Compare_ShowsTheChangesBetweenTwoVersions()
    {
        await SeedAsync(Web);
        await SeedAsync(Web.UpdateVirtualServer("web", v => v with { Port = 8080 }));
        var cut = Render<History>();
        cut.WaitForElement("#compare");

        cut.Find("#compare").Click();

        cut.WaitForAssertion(() => Assert.Contains("virtualServers[web].port: 80 → 8080", cut.Find(".diff-list").TextContent.Replace("\n", "").Replace("  ", "")));
    }

    [Fact]
    public async Task History_RestoreConfirmed_MakesANewVersion()
    {
        await SeedAsync(Web);
        await SeedAsync(Web.UpdateVirtualServer("web", v => v with { Port = 8080 }));
        var cut = Render<History>();
        cut.WaitForElement("button[aria-label='Restore version 1']");
        _ = AnswerNextDialog("Restore");

        cut.Find("button[aria-label='Restore version 1']").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, LatestSerial()));
        Assert.Equal(1, (await Configs.GetLatestAsync(CancellationToken.None)).Info.RestoredFrom);
    }

    [Fact]
    public void ImportExport_MalformedText_ListsLineErrorsAndImportsNothing()
    {
        var cut = Render<ImportExport>();

        cut.Find("#import-text").Input("network = direct\nvirtual web {\n prot = 80\n}\n");
        cut.Find("#import").Click();

        cut.WaitForAssertion(() => Assert.Contains("line 3, column 2", cut.Find("#import-errors").TextContent));
        Assert.Equal(0, LatestSerial());
    }

    [Fact]
    public void ImportExport_ValidText_MakesAVersion()
    {
        var cut = Render<ImportExport>();

        cut.Find("#import-text").Input("network = direct\nvirtual web {\n address = 192.0.2.10\n}\n");
        cut.Find("#import").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, LatestSerial()));
        Assert.Equal("api/v1/config/export", cut.Find("#export").GetAttribute("href"));
    }

    private const string KeepalivedWithScript = "vrrp_script chk {\n script true\n}\nvirtual_server 192.0.2.10 80 {\n lb_kind DR\n protocol TCP\n real_server 192.0.2.21 80 {\n  TCP_CHECK {\n  }\n }\n}\n";

    [Fact]
    public void ImportExport_KeepalivedWithUnsupportedSetting_IsRefusedThenImportedWithoutItWhenAllowed()
    {
        var cut = Render<ImportExport>();
        cut.Find("#import-text").Input(KeepalivedWithScript);

        cut.Find("#import").Click();
        cut.WaitForAssertion(() => Assert.Contains("line 1, column 1 vrrp_script is not carried", cut.Find("#import-errors").TextContent));
        Assert.Equal(0, LatestSerial());
        cut.Find("input#allow-unsupported").Change(true);
        cut.Find("#import").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, LatestSerial()));
        Assert.Contains("vrrp_script is not carried", cut.Find("#import-not-carried").TextContent);
        Assert.Empty(cut.FindAll("#import-errors"));
    }

    [Fact]
    public void ImportExport_KeepalivedWithInclude_SaysIncludesCannotBeFollowedHere()
    {
        var cut = Render<ImportExport>();
        cut.Find("#import-text").Input("include conf.d/*.conf\n");

        cut.Find("#import").Click();

        cut.WaitForAssertion(() => Assert.Contains("include 'conf.d/*.conf' cannot be followed in uploaded or pasted text", cut.Find("#import-errors").TextContent));
    }

    [Fact]
    public void Directors_Enrol_ShowsTheCommandWithTheTokenOnce()
    {
        var cut = Render<Directors>();

        cut.Find("#director-name").Input("lvs1");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Matches("^piranhanet-agent --controller http://localhost --token [A-Za-z0-9_-]{43} --name lvs1$", cut.Find("#agent-command").TextContent));
        Assert.Contains("lvs1", cut.Find("#directors-grid").TextContent);
    }

    [Fact]
    public void Directors_BadName_SaysWhy()
    {
        var cut = Render<Directors>();

        cut.Find("#director-name").Input("lvs 1");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("cannot be written to lvs.cf", cut.Find(".config-field-error").TextContent));
    }

    [Fact]
    public async Task Monitor_Stop_StoresTheDesiredStateAndShowsIt()
    {
        var cut = Render<ControlMonitoring>();
        cut.WaitForElement("#cluster-stop");

        // Found and pressed on the renderer's thread: the live monitor may render in between otherwise.
        await cut.InvokeAsync(() => cut.Find("#cluster-stop").Click());

        cut.WaitForAssertion(() => Assert.Equal("stopped", cut.Find("#cluster-state").TextContent));
        Assert.False((await Services.GetRequiredService<DirectorStore>().GetClusterAsync(CancellationToken.None)).DesiredRunning);
        Assert.Contains("No director is connected", cut.Find("#no-director").TextContent);
    }

    [Fact]
    public async Task Monitor_Director_StopChangesOnlyThatDirector()
    {
        await Services.GetRequiredService<DirectorStore>().AddAsync("lvs1", "hash", "t", CancellationToken.None);
        var cut = Render<ControlMonitoring>();
        cut.WaitForElement("button[aria-label='Stop lvs1']");

        // Found and pressed on the renderer's thread: the live monitor may render in between otherwise.
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Stop lvs1']").Click());

        cut.WaitForAssertion(() => Assert.Contains("disabled", cut.Find("button[aria-label='Stop lvs1']").OuterHtml));
        Assert.False((await Services.GetRequiredService<DirectorStore>().ListAsync(CancellationToken.None)).Single().DesiredRunning);
        Assert.True((await Services.GetRequiredService<DirectorStore>().GetClusterAsync(CancellationToken.None)).DesiredRunning);
    }

    [Fact]
    public async Task Monitor_AgentReports_ShowsRoleVersionAndRoutingTableLive()
    {
        await SeedAsync(Web);
        await Services.GetRequiredService<DirectorStore>().AddAsync("lvs1", "hash", "t", CancellationToken.None);
        var registry = Services.GetRequiredService<PiranhaNet.Web.Agents.AgentRegistry>();
        var cut = Render<ControlMonitoring>();
        cut.WaitForAssertion(() => Assert.Equal("unreachable", cut.Find(".director-role").TextContent));

        var session = new PiranhaNet.Web.Agents.AgentRegistry.AgentSession("lvs1", new System.Net.WebSockets.ClientWebSocket());
        registry.Connected(session, new PiranhaNet.Core.Protocol.HelloMessage("lvs1", "userspace", 1, true));
        registry.Received("lvs1", new PiranhaNet.Core.Protocol.StatusMessage(new PiranhaNet.Core.Protocol.DirectorStatus("lvs1", "userspace", true, 1, null,
            [.. PiranhaNet.Core.Ipvs.DesiredTable.From(Web).Select(PiranhaNet.Core.Ipvs.IpvsServiceStatus.Unmeasured)], [])));

        cut.WaitForAssertion(() => Assert.Contains("TCP  192.0.2.10:80 wlc", cut.Find("#routing-table-lvs1").TextContent));
        Assert.Equal("active", cut.Find(".director-role").TextContent);
        Assert.Matches(@"  -> 192\.0\.2\.22:80 +Route +3 +0 +0", cut.Find("#routing-table-lvs1").TextContent);
        Assert.Empty(cut.FindAll("#no-director"));
    }

    [Fact]
    public async Task Monitor_Paused_KeepsShowingTheTableItHad()
    {
        await SeedAsync(Web);
        await Services.GetRequiredService<DirectorStore>().AddAsync("lvs1", "hash", "t", CancellationToken.None);
        var registry = Services.GetRequiredService<PiranhaNet.Web.Agents.AgentRegistry>();
        var table = DesiredTable.From(Web).Select(IpvsServiceStatus.Unmeasured).ToList();
        PiranhaNet.Core.Protocol.StatusMessage Report(string scheduler) => new(new PiranhaNet.Core.Protocol.DirectorStatus("lvs1", "userspace", true, 1, null,
            [table[0] with { Service = table[0].Service with { Scheduler = scheduler } }], []));
        registry.Connected(new PiranhaNet.Web.Agents.AgentRegistry.AgentSession("lvs1", new System.Net.WebSockets.ClientWebSocket()),
            new PiranhaNet.Core.Protocol.HelloMessage("lvs1", "userspace", 1, true));
        registry.Received("lvs1", Report("lblc"));
        var cut = Render<ControlMonitoring>();
        cut.WaitForAssertion(() => Assert.Contains("192.0.2.10:80 lblc", cut.Find("#routing-table-lvs1").TextContent));

        cut.Find("input#pause").Change(true);
        cut.WaitForAssertion(() => Assert.StartsWith("Paused", cut.Find("#last-update").TextContent));
        registry.Received("lvs1", Report("mh"));

        // The report reached the page, which holds it back while paused and says so.
        cut.WaitForAssertion(() => Assert.Contains("1 director reported since", cut.Find("#last-update").TextContent));
        Assert.Contains("192.0.2.10:80 lblc", cut.Find("#routing-table-lvs1").TextContent);
        Assert.DoesNotContain(" mh", cut.Find("#routing-table-lvs1").TextContent);
        cut.Find("input#pause").Change(false);
        cut.WaitForAssertion(() => Assert.Contains("192.0.2.10:80 mh", cut.Find("#routing-table-lvs1").TextContent));
    }

    [Fact]
    public async Task FailoverServices_Listed_AndEditSavesToDraft()
    {
        await SeedAsync(new LvsConfig
        {
            Service = ServiceKind.Fos,
            FailoverServices = [new FailoverServiceConfig { Name = "ftp", Active = true, Address = "192.0.2.50", Port = 21, StartCommand = "/usr/sbin/vsftpd", StopCommand = "/usr/bin/pkill vsftpd" }],
        });
        var list = Render<FailoverServices>();
        list.WaitForAssertion(() => Assert.Contains("/usr/sbin/vsftpd", list.Find("#failover-grid").TextContent));

        var edit = Render<FailoverServiceEdit>(p => p.Add(e => e.Name, "ftp"));
        edit.WaitForElement("input#fos-port");
        edit.Find("input#fos-port").Change("2121");
        edit.Find("form").Submit();

        edit.WaitForAssertion(() => Assert.Equal(2121, Draft().Config.FailoverServices[0].Port));
    }

    [Fact]
    public void FailoverServiceEdit_ActiveWithoutCommands_ShowsErrors()
    {
        var edit = Render<FailoverServiceEdit>();
        edit.WaitForElement("#fos-name");

        edit.Find("#fos-name").Input("ftp");

        edit.WaitForAssertion(() => Assert.Contains("an active failover service needs start_cmd", edit.Find(".error-summary").TextContent));
    }

    [Fact]
    public async Task Events_ReportedChanges_ListedNewestFirst_AndFilteredByRealServer()
    {
        var store = Services.GetRequiredService<EventStore>();
        var at = DateTimeOffset.UtcNow;
        await store.AddAsync("lvs1",
        [
            new PiranhaNet.Core.Protocol.HealthEvent(at.AddMinutes(-2), "web", "r1", PiranhaNet.Core.Protocol.HealthState.Up, PiranhaNet.Core.Protocol.HealthState.Down, "connection refused"),
            new PiranhaNet.Core.Protocol.HealthEvent(at.AddMinutes(-1), "web", "r2", PiranhaNet.Core.Protocol.HealthState.Up, PiranhaNet.Core.Protocol.HealthState.Down, "HTTP 503"),
        ], CancellationToken.None);
        var cut = Render<Events>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#events-grid tbody tr").Count));
        var reasons = cut.FindAll("#events-grid tbody tr").Select(r => r.QuerySelectorAll("td").Last().TextContent.Trim()).ToList();

        cut.Find("#event-real").Change("r1");

        Assert.Equal(["HTTP 503", "connection refused"], reasons);
        cut.WaitForAssertion(() => Assert.Equal(["connection refused"], cut.FindAll("#events-grid tbody tr").Select(r => r.QuerySelectorAll("td").Last().TextContent.Trim())));
        Assert.Contains("up -> down", cut.Find("#events-grid tbody tr").TextContent);
    }
}
