using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Components.Controls;
using PiranhaNet.Web.Components.Tests.Shared;

namespace PiranhaNet.Web.Components.Tests.Controls;

public class SmallControlsTests : DashboardComponentTest
{
    [Fact]
    public void ConfigField_ErrorsOfItsPath_AreShownUnderTheLabelledInput()
    {
        var cut = Render<ConfigField>(p => p
            .Add(f => f.Label, "Port").Add(f => f.For, "vs-port").Add(f => f.Path, "virtualServers[web].port")
            .Add(f => f.Errors, [new ValidationError("virtualServers[web].port", "0", "port 0 is out of range 1..65535"), new ValidationError("other", null, "not mine")])
            .AddChildContent("<input id=\"vs-port\" />"));

        Assert.Equal("vs-port", cut.Find("label").GetAttribute("for"));
        Assert.Equal(["port 0 is out of range 1..65535"], cut.FindAll(".config-field-error").Select(e => e.TextContent));
        Assert.Contains("config-field-invalid", cut.Find(".config-field").ClassName);
    }

    [Fact]
    public void ErrorSummary_Errors_ListsEachWithItsPath()
    {
        var cut = Render<ErrorSummary>(p => p.Add(s => s.Errors, [new ValidationError("global.natRouterAddress", null, "NAT forwarding needs a NAT router address")]));

        Assert.Contains("global.natRouterAddress NAT forwarding needs a NAT router address", cut.Find(".error-summary li").TextContent);
    }

    [Fact]
    public void ErrorSummary_NoErrors_RendersNothing()
    {
        Assert.Empty(Render<ErrorSummary>(p => p.Add(s => s.Errors, [])).Markup.Trim());
    }

    [Fact]
    public void DiffList_Changes_RendersAddedAndOldToNew()
    {
        var cut = Render<DiffList>(p => p.Add(d => d.Changes,
        [
            new ConfigChange(ConfigChangeKind.Added, "virtualServers[api]", null, null),
            new ConfigChange(ConfigChangeKind.Changed, "virtualServers[web].port", "80", "8080"),
        ]));

        var items = cut.FindAll("li");
        Assert.Equal("added virtual server 'api'", items[0].TextContent.Trim());
        Assert.Equal(("80", "8080"), (items[1].QuerySelector("del")!.TextContent, items[1].QuerySelector("ins")!.TextContent));
    }

    [Fact]
    public void DiffList_NoChanges_SaysSo()
    {
        Assert.Equal("Nothing.", Render<DiffList>(p => p.Add(d => d.Changes, []).Add(d => d.EmptyText, "Nothing.")).Find(".diff-empty").TextContent);
    }

    [Fact]
    public void ReconnectModal_HasTheDialogBlazorsScriptDrives_WithAParagraphForEveryState()
    {
        var cut = Render<PiranhaNet.Web.Components.Layout.ReconnectModal>();

        var dialog = cut.Find("dialog#components-reconnect-modal");
        Assert.Equal("Connection to the dashboard lost", cut.Find("#" + dialog.GetAttribute("aria-labelledby")).TextContent);
        // One paragraph per state class that blazor.web.js sets, and the counters it fills in.
        Assert.Equal(["reconnect-show", "reconnect-retrying", "reconnect-failed", "reconnect-paused", "reconnect-resume-failed", "reconnect-rejected"],
            cut.FindAll(".reconnect-state").Select(p => p.ClassList.Single(c => c != "reconnect-state")));
        Assert.NotNull(cut.Find("#components-reconnect-current-attempt"));
        Assert.NotNull(cut.Find("#components-seconds-to-next-attempt"));
        Assert.Equal("Retry", cut.Find("#reconnect-retry").TextContent);
    }

    [Fact]
    public void RowAction_Label_IsAccessibleNameAndTooltip()
    {
        var clicked = false;
        var cut = Render<RowAction>(p => p.Add(a => a.Icon, "delete").Add(a => a.Label, "Delete web").Add(a => a.Click, () => clicked = true));

        cut.Find("button").Click();

        Assert.Equal(("Delete web", "Delete web"), (cut.Find("button").GetAttribute("aria-label"), cut.Find("button").GetAttribute("title")));
        Assert.True(clicked);
    }

    [Fact]
    public async Task PendingChangesBadge_DraftChanges_ShowsCountWithoutReload()
    {
        await SeedAsync(Web);
        var cut = Render<PendingChangesBadge>();
        Assert.Empty(cut.FindAll(".pending-badge"));

        await Drafts.ChangeAsync(c => c with { Global = c.Global with { Primary = "192.0.2.2" } }, "piranha", CancellationToken.None);

        cut.WaitForAssertion(() => Assert.Equal("1 pending change", cut.Find(".pending-badge").TextContent.Trim()));
    }

    [Fact]
    public void RealServerHealthTable_EachServer_WithItsStateWeightAndLastCheck()
    {
        var since = new DateTimeOffset(2026, 11, 22, 8, 15, 0, TimeSpan.Zero);
        var cut = Render<RealServerHealthTable>(p => p
            .Add(t => t.Director, "lvs1")
            .Add(t => t.Health,
            [
                new PiranhaNet.Core.Protocol.RealServerHealthStatus("web", "r1", PiranhaNet.Core.Protocol.HealthState.Up, 3, "HTTP 200", since),
                new PiranhaNet.Core.Protocol.RealServerHealthStatus("web", "r2", PiranhaNet.Core.Protocol.HealthState.Down, 0, "connection refused", since),
                new PiranhaNet.Core.Protocol.RealServerHealthStatus("web", "r3", PiranhaNet.Core.Protocol.HealthState.Entering, 0, "connected", since, since.AddMinutes(3)),
            ]));

        var rows = cut.FindAll("#health-lvs1 tbody tr").Select(r => string.Join("|", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();

        Assert.Equal(["web|r1|up|3|HTTP 200|2026-11-22 08:15:00", "web|r2|down|0|connection refused|2026-11-22 08:15:00",
                      "web|r3|entering|0|connected; back in at 08:18:00 if it stays healthy|2026-11-22 08:15:00"], rows);
    }
}
