using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Components.Controls;
using PiranhaNet.Web.Components.Pages;
using PiranhaNet.Web.Components.Tests.Shared;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Components.Tests.Pages;

/// <summary>
/// The Control / Monitoring page with an estate of 60 directors (issue 15): the list is paged and filtered, the counts
/// above it cover every director, and one routing table is shown, of the director chosen.
/// </summary>
public class MonitorAtScaleTests : DashboardComponentTest
{
    private const int Directors = 60;

    [Fact]
    public async Task SixtyDirectors_ListedByPage_FilteredByNameAndState_OneTableAtATime()
    {
        await SeedAsync(Web);
        var store = Services.GetRequiredService<DirectorStore>();
        var registry = Services.GetRequiredService<AgentRegistry>();
        var table = DesiredTable.From(Web).Select(IpvsServiceStatus.Unmeasured).ToEquatableArray();
        for (var i = 0; i < Directors; i++)
        {
            var name = $"lvs{i:00}";
            await store.AddAsync(name, $"hash{i}", "t", CancellationToken.None);
            // Every third director is not connected; the others report version 1 and their table.
            if (i % 3 != 0)
            {
                registry.Connected(new AgentRegistry.AgentSession(name, new System.Net.WebSockets.ClientWebSocket()), new HelloMessage(name, "userspace", 1, true));
                registry.Received(name, new StatusMessage(new DirectorStatus(name, "userspace", true, 1, null, table, [])));
            }
        }

        var cut = Render<ControlMonitoring>();
        cut.WaitForAssertion(() => Assert.Equal("60 enrolled · 40 connected · 40 at version 1", cut.Find("#directors-summary").TextContent));
        Assert.Equal(25, cut.FindAll("#monitor-directors tbody tr").Count);
        // One table, of the first reporting director listed; the others are offered.
        Assert.Single(cut.FindAll("pre.routing-table"));
        Assert.NotNull(cut.Find("#routing-table-lvs01"));
        Assert.Equal(40, TableChoice(cut).Instance.Options.Count);

        await cut.InvokeAsync(() => TableChoice(cut).Instance.ValueChanged.InvokeAsync("lvs59"));
        cut.WaitForAssertion(() => Assert.Contains("TCP  192.0.2.10:80 wlc", cut.Find("#routing-table-lvs59").TextContent));
        Assert.Single(cut.FindAll("pre.routing-table"));

        await cut.InvokeAsync(() => cut.Find("input#director-filter").Change("lvs1"));
        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("#monitor-directors tbody tr").Count));
        await cut.InvokeAsync(() => cut.FindComponents<ChoiceSelect<DirectorFilterState>>().Single().Instance.ValueChanged.InvokeAsync(DirectorFilterState.Unreachable));
        // lvs12, lvs15, lvs18: the names with "lvs1" of directors that are not connected; their tables are not offered.
        cut.WaitForAssertion(() => Assert.Equal(["lvs12", "lvs15", "lvs18"],
            cut.FindAll("#monitor-directors tbody tr td:first-child").Select(td => td.TextContent.Trim())));
        Assert.Equal("No director the filter lists has reported a routing table.", cut.Find("#routing-table-empty").TextContent);
        Assert.Equal("60 enrolled · 40 connected · 40 at version 1", cut.Find("#directors-summary").TextContent);
    }

    private static Bunit.IRenderedComponent<ChoiceSelect<string>> TableChoice(Bunit.IRenderedComponent<ControlMonitoring> cut) =>
        cut.FindComponents<ChoiceSelect<string>>().Single(c => c.Instance.Id == "routing-table-director");
}
