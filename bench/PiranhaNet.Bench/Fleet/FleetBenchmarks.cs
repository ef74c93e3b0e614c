using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Cli;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench.Fleet;

/// <summary>
/// Issue 15's 500 directors: two <c>piranhanet serve</c> processes on one PostgreSQL (the bench's own throwaway
/// server) and 500 simulated directors (real WebSocket clients speaking the protocol, no kernel state) in two worker
/// processes, half starting on each dashboard. Prints each dashboard's CPU and memory in a steady state of every
/// director reporting each second; how long ten weight changes, saved on either dashboard, take to be applied by all
/// 500; and how long the directors of a dashboard killed with SIGKILL take to reach the other.
/// </summary>
internal static class FleetBenchmarks
{
    private const int Directors = 500;
    private const int Workers = 2;
    private const int Changes = 10;
    private const int VirtualServers = 20;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_steady = TimeSpan.FromSeconds(30);

    public static async Task RunAsync()
    {
        await using var system = await DashboardProcesses.SetUpAsync(await ThrowawayPostgres.NewDatabaseAsync());
        var (a, b) = (system.StartDashboard("a"), system.StartDashboard("b"));
        using var clientA = await system.ClientAsync(a.Url);
        using var clientB = await system.ClientAsync(b.Url);
        var enrolled = await EnrolAsync(clientA);
        await SaveAsync(clientA, 1);

        var progress = new FleetProgress();
        var clock = Stopwatch.StartNew();
        for (var worker = 0; worker < Workers; worker++)
        {
            var file = Path.Combine(system.Directory, $"fleet-{worker}.tsv");
            system.StartDotnet(Path.Combine(AppContext.BaseDirectory, "PiranhaNet.Bench.dll"), FleetWorker.Verb, file).LinePrinted += progress.Record;
            // Each worker runs every Workers-th director; half of each worker's start on A, half on B, each with the
            // other dashboard as its second controller.
            await File.WriteAllLinesAsync(file, enrolled.Where(d => d.Index % Workers == worker)
                .Select(d => $"{d.Name}\t{d.Token}\t{(d.Index / Workers % 2 == 0 ? $"{a.Url},{b.Url}" : $"{b.Url},{a.Url}")}"));
        }
        await WaitAsync(() => progress.Connected() == Directors, "every director connected", system);
        var connected = clock.Elapsed;
        await WaitAsync(() => progress.CountAt(1) == Directors, "every director applied version 1", system);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Directors} directors ({VirtualServers} virtual servers of 2 real servers each) connected {connected.TotalSeconds:F1} s and applied version 1 {clock.Elapsed.TotalSeconds:F1} s after their workers started"));

        await PrintSteadyStateAsync(a.Process, b.Process, system.Processes.Skip(2).Select(p => p.Process).ToList());

        await PrintPageAsync(b.Url);

        var applied = new List<double>();
        var slowest = new List<double>();
        for (var change = 0; change < Changes; change++)
        {
            var version = change + 2;
            var started = Stopwatch.GetTimestamp();
            await SaveAsync(change % 2 == 0 ? clientA : clientB, version);
            await WaitAsync(() => progress.CountAt(version) == Directors, $"every director applied version {version}", system);
            var times = progress.AppliedAfter(version, started);
            applied.AddRange(times);
            slowest.Add(times.Max());
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        Measurement.Print($"weight change saved → applied, each director ({Changes} changes)", [.. applied], "goal: p99 < 1000 ms");
        Measurement.Print("weight change saved → applied by all 500", [.. slowest], "");

        var onA = progress.ConnectedTo(new Uri(a.Url));
        var killed = Stopwatch.GetTimestamp();
        a.Process.Kill();
        double[]? moves = null;
        await WaitAsync(() => (moves = progress.MovedAfter(onA, new Uri(b.Url), killed)) is not null, $"the {onA.Count} directors of A moved to B", system);
        Measurement.Print($"A killed → its {onA.Count} directors connected to B", moves!, "goal: within 5000 ms");
        var last = Changes + 2;
        var afterMove = Stopwatch.GetTimestamp();
        await SaveAsync(clientB, last);
        await WaitAsync(() => progress.CountAt(last) == Directors, $"every director applied version {last} on B", system);
        Measurement.Print("then a weight change on B → applied, each director", progress.AppliedAfter(last, afterMove), "");
        Console.WriteLine($"versions applied twice or out of order: {progress.OutOfOrder}; versions sent again to a director that held them: {progress.Repeats}");
    }

    // The Control / Monitoring page as a browser first gets it (prerendered), signed in through the login form as a
    // browser is, with every director on it or on the other dashboard.
    private static async Task PrintPageAsync(string url)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(url + "/") };
        var form = await browser.GetStringAsync("login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        (await browser.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["userName"] = "piranha", ["password"] = DashboardProcesses.Password, ["returnUrl"] = "/",
        }))).EnsureSuccessStatusCode();
        var page = await browser.GetStringAsync("");
        var summary = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "id=\"directors-summary\">([^<]*)<").Groups[1].Value);
        if (!summary.StartsWith($"{Directors} enrolled · {Directors} connected", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the Control / Monitoring page does not count {Directors} connected directors: '{summary}'");
        }
        Console.WriteLine($"  the page says: {summary}");
        await Measurement.TimeAsync($"Control / Monitoring page, {Directors} directors (prerendered GET)", 20, _ => browser.GetStringAsync(""));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  its HTML: {page.Length / 1024.0:F0} KiB"));
    }

    // CPU (in cores) and peak resident memory of each dashboard over s_steady, every director reporting each second.
    private static async Task PrintSteadyStateAsync(Process a, Process b, IReadOnlyList<Process> workers)
    {
        Process[] measured = [a, b, .. workers];
        var before = measured.Select(p => ProcessUsage.CpuSeconds(p.Id)).ToArray();
        var peak = new double[measured.Length];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < s_steady)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            for (var i = 0; i < measured.Length; i++)
            {
                peak[i] = Math.Max(peak[i], ProcessUsage.ResidentMiB(measured[i].Id));
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        for (var i = 0; i < measured.Length; i++)
        {
            var name = i < 2 ? $"dashboard {(i == 0 ? 'A' : 'B')}" : $"fleet worker {i - 1}";
            var goal = i < 2 ? "goal: under 1 core, under 1024 MiB" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name + $", steady state over {seconds:F0} s",-52} cpu={(ProcessUsage.CpuSeconds(measured[i].Id) - before[i]) / seconds,5:F2} cores  rss peak={peak[i],6:F0} MiB  {goal}"));
        }
    }

    private static async Task<List<(string Name, string Token, int Index)>> EnrolAsync(HttpClient dashboard)
    {
        var enrolled = new List<(string, string, int)>();
        for (var i = 0; i < Directors; i++)
        {
            var name = $"lvs{i:000}";
            var answer = await (await dashboard.PostAsJsonAsync("api/v1/directors", new { name })).Content.ReadFromJsonAsync<JsonElement>();
            enrolled.Add((name, answer.GetProperty("token").GetString()!, i));
        }
        return enrolled;
    }

    // Version n sets the first real server of virtual server n % VirtualServers to weight n: one weight edit each.
    private static async Task SaveAsync(HttpClient dashboard, int version)
    {
        var config = LargeConfig.WithWeight(LargeConfig.Create(VirtualServers, 2), version % VirtualServers, version + 10);
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/config")
        {
            Content = new StringContent(PiranhaJson.Serialize(config), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version - 1}\""));
        (await dashboard.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private static Task WaitAsync(Func<bool> condition, string what, DashboardProcesses system) =>
        LoggedProcess.WaitUntilAsync(() => Task.FromResult(condition()), what, s_wait, [.. system.Processes]);
}
