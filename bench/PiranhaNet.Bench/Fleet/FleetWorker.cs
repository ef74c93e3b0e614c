using System.Diagnostics;
using System.Globalization;
using PiranhaNet.Web.Testing.Fleet;

namespace PiranhaNet.Bench.Fleet;

/// <summary>
/// A child process of the fleet benchmark running its share of the simulated directors. It reads them from a file
/// (one per line: name, token, controllers separated by commas, tab-separated) once the parent has written it, and
/// prints what they do as lines the parent reads (<see cref="FleetProgress"/>) until it is killed.
/// </summary>
internal static class FleetWorker
{
    public const string Verb = "fleet-worker";
    private static readonly TimeSpan s_fileWait = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(string directorsFile)
    {
        // The parent writes the file only once it follows this process's output, so no line is printed unheard.
        var clock = Stopwatch.StartNew();
        while (!File.Exists(directorsFile))
        {
            if (clock.Elapsed > s_fileWait)
            {
                throw new TimeoutException($"{directorsFile} did not appear within {s_fileWait.TotalSeconds} s");
            }
            await Task.Delay(50);
        }
        var enrolled = File.ReadAllLines(directorsFile).Select(line => line.Split('\t')).ToList();
        await using var fleet = SimulatedFleet.Start([.. enrolled.Select(d => (d[0], d[1]))],
            i => [.. enrolled[i][2].Split(',').Select(url => new Uri(url))],
            prepare: director =>
            {
                director.Applied = (d, version, at) => Print($"{FleetProgress.AppliedVerb} {d.Name} {version} {at}");
                director.Repeated = (d, version, at) => Print($"{FleetProgress.RepeatedVerb} {d.Name} {version} {at}");
                director.Connected = (d, dashboard, at) => Print($"{FleetProgress.ConnectedVerb} {d.Name} {dashboard} {at}");
            });
        await Task.Delay(Timeout.Infinite);
    }

    private static void Print(FormattableString line) => Console.Out.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
