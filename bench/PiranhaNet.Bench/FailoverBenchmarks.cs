using System.Diagnostics;
using System.Globalization;
using PiranhaNet.Netns;

namespace PiranhaNet.Bench;

/// <summary>
/// Client-observed outage when the active director is killed (SIGKILL): in network namespaces, a client
/// requests the virtual server back to back; the outage is the longest gap between two successful requests
/// around the kill. The primary is restarted after each run and takes the work back (auto-failback), so
/// every run kills an active primary. Sub-second heartbeats (keepalive 200 ms, dead time 600 ms) against
/// Piranha's defaults (2 s, 5 s).
/// </summary>
internal static class FailoverBenchmarks
{
    private const int Runs = 20;
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(30);

    public static async Task RunAsync()
    {
        if (Netns.Netns.Unavailable() is { } why)
        {
            throw new InvalidOperationException(why);
        }
        await MeasureAsync(new DirectorPairLab.Settings(Keepalive: 0.2, Deadtime: 0.6), "target: max < 1000 ms");
        await MeasureAsync(new DirectorPairLab.Settings(Keepalive: 2, Deadtime: 5), "Piranha's defaults, for comparison");
    }

    private static async Task MeasureAsync(DirectorPairLab.Settings settings, string target)
    {
        await using var lab = DirectorPairLab.Create(settings);
        lab.Start(lab.Primary);
        lab.Start(lab.Backup);
        await PrimaryServesAsync(lab);
        await PrintIdleCostAsync(lab, settings);
        await PrintAloneCostAsync(lab);
        var outages = new double[Runs];
        for (var run = 0; run < Runs; run++)
        {
            await PrimaryServesAsync(lab);
            outages[run] = await OutageOfKillAsync(lab, settings, () => lab.Agent(lab.Primary).Kill());
            lab.Start(lab.Primary);
        }
        Measurement.Print(string.Create(CultureInfo.InvariantCulture, $"outage on kill -9, keepalive {settings.Keepalive} s / deadtime {settings.Deadtime} s"),
            outages, target);
    }

    // What heartbeats cost when nothing happens: both agents' CPU over 10 s, as a share of one core, after 30 s for
    // the runtime's start-up work (tiered compilation) to settle.
    private static async Task PrintIdleCostAsync(DirectorPairLab lab, DirectorPairLab.Settings settings)
    {
        await Task.Delay(TimeSpan.FromSeconds(30));
        var agents = new[] { lab.Agent(lab.Primary), lab.Agent(lab.Backup) };
        var before = agents.Select(a => a.ProcessorTime).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var shares = agents.Select((a, i) => (a.ProcessorTime - before[i]) / clock.Elapsed * 100).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"idle agent CPU, keepalive {settings.Keepalive} s: primary {shares[0]:F2}% of a core, backup {shares[1]:F2}% (over 10 s, no traffic)"));
    }

    // The backup after a takeover, its peer gone: it must settle, not keep waking for a dead line long past.
    private static async Task PrintAloneCostAsync(DirectorPairLab lab)
    {
        lab.Agent(lab.Primary).Kill();
        if (!await DirectorPairLab.EventuallyAsync(() => lab.HoldsVip(lab.Backup), s_settle))
        {
            throw new InvalidOperationException("the backup did not take over:\n" + lab.Transcript());
        }
        var backup = lab.Agent(lab.Backup);
        var before = backup.ProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(10));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"active backup alone (primary killed): {(backup.ProcessorTime - before) / clock.Elapsed * 100:F2}% of a core (over 10 s)"));
        lab.Start(lab.Primary);
        await PrimaryServesAsync(lab);
    }

    private static async Task PrimaryServesAsync(DirectorPairLab lab)
    {
        if (!await DirectorPairLab.EventuallyAsync(() => lab.HoldsVip(lab.Primary) && !lab.HoldsVip(lab.Backup), s_settle)
            || !await lab.RequestSucceedsAsync(s_settle))
        {
            throw new InvalidOperationException("the primary did not take the work back:\n" + lab.Transcript());
        }
    }

    // Requests back to back from before the kill until a second after the first success on the backup: the longest
    // gap between two successes.
    internal static async Task<double> OutageOfKillAsync(DirectorPairLab lab, DirectorPairLab.Settings settings, Action kill)
    {
        var clock = Stopwatch.StartNew();
        var successes = new List<double>();
        var killedAt = -1.0;
        var limit = TimeSpan.FromSeconds(settings.Deadtime * 4 + 10);
        while (clock.Elapsed < limit)
        {
            if (await lab.RequestAsync(TimeSpan.FromMilliseconds(100)) is not null)
            {
                successes.Add(clock.Elapsed.TotalMilliseconds);
            }
            else
            {
                await Task.Delay(5);   // a refused connection returns at once; do not spin
            }
            if (killedAt < 0 && clock.Elapsed > TimeSpan.FromMilliseconds(300))
            {
                kill();
                killedAt = clock.Elapsed.TotalMilliseconds;
            }
            if (killedAt >= 0 && successes.Count > 0 && successes[^1] > killedAt && clock.Elapsed.TotalMilliseconds - successes.First(s => s > killedAt) > 1000)
            {
                break;
            }
        }
        if (killedAt < 0 || !successes.Any(s => s > killedAt))
        {
            throw new InvalidOperationException("no request succeeded after the kill:\n" + lab.Transcript());
        }
        return successes.Zip(successes.Skip(1), (before, after) => after - before).Max();
    }
}
