using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Netns;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// A cluster of three directors in network namespaces (<see cref="ClusterLabSettings"/>: group a prefers lvs1, b lvs2):
/// the client-observed outage of group a when lvs1 is killed (SIGKILL), 20 kills, at keepalive 200 ms / dead time
/// 600 ms and at 50 ms / 150 ms, with each agent's idle CPU; and planned moves of group a through the dashboard's API
/// (to lvs3 and back, 10 of each) under requests from four clients: how many fail, how, and how long a move takes.
/// With three directors quorum applies, so the majority takes a silent director's groups a keepalive after the dead time.
/// Each kill measurement is followed by the same with keepalived's VRRP and HAProxy instead of the agents
/// (<see cref="KeepalivedDirectors"/>), at the same advertisement interval, with the same client.
/// </summary>
internal static class ClusterFailoverBenchmarks
{
    private const int Runs = 20;
    private const int Moves = 10;
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(30);

    public static async Task RunAsync()
    {
        if (Netns.Netns.Unavailable() is { } why)
        {
            throw new InvalidOperationException(why);
        }
        Console.WriteLine(KeepalivedDirectors.Version());
        await MeasureKillsAsync(ClusterLabSettings.Of(), "target: max < 1000 ms");
        await MeasureKeepalivedKillsAsync(ClusterLabSettings.Of());
        await MeasureKillsAsync(ClusterLabSettings.Of(keepalive: 0.05, deadtime: 0.15), "target: max < 250 ms");
        await MeasureKeepalivedKillsAsync(ClusterLabSettings.Of(keepalive: 0.05, deadtime: 0.15));
        await MeasureMovesAsync();
    }

    private static async Task MeasureKillsAsync(DirectorPairLab.Settings settings, string target)
    {
        await using var lab = DirectorPairLab.Create(settings);
        foreach (var director in lab.Directors)
        {
            lab.Start(director);
        }
        await HoldAsync(lab, 1, 2);
        await PrintIdleCostAsync(lab, settings);
        var outages = new double[Runs];
        for (var run = 0; run < Runs; run++)
        {
            await HoldAsync(lab, 1, 2);
            outages[run] = await FailoverBenchmarks.OutageOfKillAsync(lab, settings, () => lab.Agent(lab.Director(1)).Kill());
            lab.Start(lab.Director(1));
        }
        Measurement.Print(string.Create(CultureInfo.InvariantCulture, $"3 directors, kill -9 of a's, keepalive {settings.Keepalive} s / deadtime {settings.Deadtime} s"),
            outages, target);
    }

    // keepalived's VRRP in place of the agents, advertising every keepalive: a backup declares the master down after
    // three advertisements and a skew (under 1 of them), about the agents' dead time of three keepalives.
    private static async Task MeasureKeepalivedKillsAsync(DirectorPairLab.Settings settings)
    {
        await using var lab = DirectorPairLab.Create(settings);
        var directory = Path.Combine(Path.GetTempPath(), "piranhanet-bench-keepalived", Guid.NewGuid().ToString("N"));
        try
        {
            using var vrrp = new KeepalivedDirectors(lab, settings.Keepalive, directory);
            foreach (var number in new[] { 1, 2, 3 })
            {
                vrrp.Start(number);
            }
            var outages = new double[Runs];
            for (var run = 0; run < Runs; run++)
            {
                if (!await DirectorPairLab.EventuallyAsync(() => lab.HoldsVip(lab.Director(1)) && !lab.HoldsVip(lab.Director(2)) && !lab.HoldsVip(lab.Director(3)), s_settle)
                    || !await lab.RequestSucceedsAsync(s_settle))
                {
                    throw new InvalidOperationException($"keepalived: a is not on d1 alone, or not served:\n{ChildProcesses.Outputs}");
                }
                outages[run] = await FailoverBenchmarks.OutageOfKillAsync(lab, settings, () => vrrp.Kill(1));
                vrrp.Start(1);
            }
            Measurement.Print(string.Create(CultureInfo.InvariantCulture, $"  keepalived VRRPv3 + HAProxy, same kills, advert_int {settings.Keepalive} s"), outages, "for comparison");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task HoldAsync(DirectorPairLab lab, int forA, int forB)
    {
        if (!await lab.HoldsOnlyAsync(lab.Director(forA), lab.Director(forB), s_settle))
        {
            throw new InvalidOperationException($"a is not on d{forA} alone and b on d{forB}:\n{lab.Transcript()}");
        }
    }

    // Every agent's CPU over 10 s with nothing happening, after 20 s for the runtime's start-up work to settle.
    private static async Task PrintIdleCostAsync(DirectorPairLab lab, DirectorPairLab.Settings settings)
    {
        await Task.Delay(TimeSpan.FromSeconds(20));
        var agents = lab.Directors.Select(lab.Agent).ToArray();
        var before = agents.Select(a => a.ProcessorTime).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var shares = agents.Select((a, i) => (a.ProcessorTime - before[i]) / clock.Elapsed * 100).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"idle agent CPU, 3 directors, keepalive {settings.Keepalive} s: {string.Join(", ", shares.Select((s, i) => $"d{i + 1} {s:F2}%"))} of a core (over 10 s)"));
    }

    // Planned moves of a through the dashboard, under four clients' requests: each move's time until the new director
    // holds the address and until the old one has let it go, and the failed requests by how they failed.
    private static async Task MeasureMovesAsync()
    {
        var settings = ClusterLabSettings.Of();
        await using var server = await DashboardServer.StartAsync();
        await using var lab = DirectorPairLab.Create(settings);
        var relays = new List<ControllerRelay>();
        try
        {
            (await server.SendJsonAsync(HttpMethod.Put, "api/v1/config", PiranhaJson.Serialize(DirectorPairLab.Config(settings)))).EnsureSuccessStatusCode();
            foreach (var director in lab.Directors)
            {
                var enrolled = await (await server.Client.PostAsJsonAsync("api/v1/directors", new { name = lab.AgentName(director) }))
                    .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                var relay = ControllerRelay.Start(director, server.Address);
                relays.Add(relay);
                lab.Start(director, relay.Controller, enrolled.GetProperty("token").GetString()!);
            }
            await HoldAsync(lab, 1, 2);
            using var load = new CancellationTokenSource();
            var done = 0;
            var clock = Stopwatch.StartNew();
            // Each failure with when its request began, to tell failures of a move from others.
            var failed = new System.Collections.Concurrent.ConcurrentQueue<(string Failure, double StartedAt)>();
            var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!load.IsCancellationRequested)
                {
                    var startedAt = clock.Elapsed.TotalMilliseconds;
                    if (await lab.TryRequestAsync(TimeSpan.FromSeconds(2)) is { Failure: { } failure })
                    {
                        failed.Enqueue((failure, startedAt));
                    }
                    Interlocked.Increment(ref done);
                }
            })).ToList();
            var requestedAt = new List<double>();
            var (taken, released) = (new List<double>(), new List<double>());
            for (var move = 0; move < Moves; move++)
            {
                foreach (var (to, from, request) in new[] { (3, 1, (Func<Task<HttpResponseMessage>>)(() => server.Client.PostAsJsonAsync("api/v1/groups/a/move", new { director = "lvs3" }))),
                                                             (1, 3, () => server.Client.DeleteAsync("api/v1/groups/a/move")) })
                {
                    var moveClock = Stopwatch.StartNew();
                    requestedAt.Add(clock.Elapsed.TotalMilliseconds);
                    (await request()).EnsureSuccessStatusCode();
                    await DirectorPairLab.EventuallyAsync(() => DirectorPairLab.AddressesOf(lab.Director(to)).Contains(DirectorPairLab.Vip), s_settle);
                    taken.Add(moveClock.Elapsed.TotalMilliseconds);
                    await DirectorPairLab.EventuallyAsync(() => !DirectorPairLab.AddressesOf(lab.Director(from)).Contains(DirectorPairLab.Vip), s_settle);
                    released.Add(moveClock.Elapsed.TotalMilliseconds);
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
            await load.CancelAsync();
            await Task.WhenAll(clients);
            Measurement.Print("planned move of a: the new director holds it", [.. taken], "");
            Measurement.Print("planned move of a: the old one has let go (1.5 s linger)", [.. released], "");
            var reasons = failed.GroupBy(f => f.Failure).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"planned moves ({2 * Moves}) under 4 clients: {failed.Count} of {done} requests failed ({string.Join(", ", reasons)}); target: none finds no director");
            // Where each failure began relative to the move request before it: within the hand-over (the new director
            // announcing, the old one lingering 1.5 s) or apart from any move.
            foreach (var (failure, startedAt) in failed.OrderBy(f => f.StartedAt))
            {
                var since = requestedAt.Where(r => r <= startedAt).DefaultIfEmpty(double.NaN).Max();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {failure}: request began {startedAt - since:F0} ms after a move was asked for"));
            }
        }
        finally
        {
            foreach (var relay in relays)
            {
                await relay.DisposeAsync();
            }
        }
    }
}
