using System.Text.Json;
using System.Text.RegularExpressions;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Metrics;

/// <summary>The Grafana dashboard shipped in docs/grafana asks only for metrics the dashboard exposes.</summary>
public sealed partial class GrafanaDashboardTests
{
    [GeneratedRegex(@"piranhanet_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [Fact]
    public async Task EveryMetricNameInItsQueries_IsInTheExposition()
    {
        await using var server = await DashboardServer.StartAsync();
        var exposition = await server.Client.GetStringAsync("metrics");
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match type in TypeLine().Matches(exposition))
        {
            var name = type.Groups[1].Value;
            exposed.Add(name);
            if (type.Groups[2].Value == "histogram")
            {
                exposed.UnionWith([$"{name}_bucket", $"{name}_sum", $"{name}_count"]);
            }
        }
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "grafana", "piranhanet.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var queries = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();

        Assert.NotEmpty(panels);
        Assert.All(panels, p => Assert.NotEmpty(p.GetProperty("targets").EnumerateArray()));
        var asked = queries.SelectMany(q => MetricName().Matches(q).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.True(asked.Count >= 15, $"the dashboard asks for only {asked.Count} metrics");
        Assert.All(asked, name => Assert.True(exposed.Contains(name), $"the Grafana dashboard asks for {name}, which /metrics does not expose"));
    }
}
