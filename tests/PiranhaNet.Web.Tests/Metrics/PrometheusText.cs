using System.Diagnostics;
using System.Text.Json;

namespace PiranhaNet.Web.Tests.Metrics;

/// <summary>One sample of an exposition, as Prometheus's own Python client parses it.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>One metric family: its name (counters without <c>_total</c>, as the client names them), type and samples.</summary>
public sealed record PrometheusFamily(string Name, string Type, IReadOnlyList<PrometheusSample> Samples);

/// <summary>
/// Parses the Prometheus text format with an independent parser: Prometheus's own Python client
/// (Debian's python3-prometheus-client, which scripts/test installs), run by the system's Python.
/// </summary>
public static class PrometheusText
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        print(json.dumps([{"name": f.name, "type": f.type, "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
                          for f in text_string_to_metric_families(sys.stdin.read())]))
        """;

    /// <summary>The families in <paramref name="text"/>; a parse error, or no parser on this machine, fails saying so.</summary>
    public static async Task<IReadOnlyList<PrometheusFamily>> ParseAsync(string text)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: the metrics tests parse with Prometheus's Python client (apt-get install python3-prometheus-client)");
        }
        var start = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Prometheus's parser refused the exposition (or is not installed: apt-get install python3-prometheus-client): {error}");
        }
        return JsonSerializer.Deserialize<List<PrometheusFamily>>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
