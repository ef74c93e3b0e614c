using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Components.Controls;
using PiranhaNet.Web.Components.Tests.Shared;

namespace PiranhaNet.Web.Components.Tests.Controls;

public class ServiceRateChartsTests : DashboardComponentTest
{
    private static readonly DateTime Start = new(2026, 11, 22, 6, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ServiceRateCharts_TwoServices_DrawsALinePerServiceInBothCharts()
    {
        IReadOnlyList<RateHistory.ServiceRates> services =
        [
            new("TCP  192.0.2.10:80", [new(Start, 10, 4_000), new(Start.AddSeconds(1), 12, 5_000), new(Start.AddSeconds(2), 9, 3_500)]),
            new("UDP  192.0.2.10:53", [new(Start, 100, 9_000), new(Start.AddSeconds(1), 90, 8_000), new(Start.AddSeconds(2), 95, 8_500)]),
        ];

        var cut = Render<ServiceRateCharts>(p => p.Add(c => c.Director, "lvs1").Add(c => c.Services, services));

        Assert.Equal(["Connections per second, last 15 minutes", "Bytes per second (in + out), last 15 minutes"],
            cut.FindAll("#rate-charts-lvs1 figcaption").Select(c => c.TextContent));
        var figures = cut.FindAll("#rate-charts-lvs1 figure");
        Assert.All(figures, figure =>
        {
            // A line is an unfilled path (the grid's paths carry no fill); the legend below names each service.
            Assert.Equal(2, figure.QuerySelectorAll("svg path[fill=none]").Length);
            var legend = figure.QuerySelectorAll("svg ~ *").Select(e => e.TextContent).Single();
            Assert.Contains("TCP  192.0.2.10:80", legend);
            Assert.Contains("UDP  192.0.2.10:53", legend);
        });
        // Each value axis is scaled to its own measure (up to 100 connections/s, up to 9,000 bytes/s): its top tick
        // reaches the largest value and is less than twice it.
        Assert.InRange(MaxTick(figures[0]), 100, 199);
        Assert.InRange(MaxTick(figures[1]), 9_000, 17_999);
    }

    // The largest number on the value axis (the category axis shows times, which contain ':').
    private static double MaxTick(AngleSharp.Dom.IElement figure) => figure.QuerySelectorAll("svg text")
        .Select(t => t.TextContent).Where(t => t.Length > 0 && !t.Contains(':')).Max(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void ServiceRateCharts_NoPointsYet_SaysChartsFollow()
    {
        var cut = Render<ServiceRateCharts>(p => p.Add(c => c.Director, "lvs1").Add(c => c.Services, [new RateHistory.ServiceRates("TCP  192.0.2.10:80", [new(Start, 0, 0)])]));

        Assert.Contains("Charts appear after a few seconds", cut.Find("#rate-charts-lvs1").TextContent);
        Assert.Empty(cut.FindAll("svg"));
    }
}
