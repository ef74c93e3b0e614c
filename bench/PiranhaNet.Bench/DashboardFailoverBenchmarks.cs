using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using PiranhaNet.Netns;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// An agent given two dashboards (scripted ones on loopback, speaking the real protocol over real WebSockets): how long
/// from its dashboard going away to its hello at the other, 20 times, each time the dashboard that went away coming
/// back on its port for the next move.
/// </summary>
internal static class DashboardFailoverBenchmarks
{
    private const int Runs = 20;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    public static async Task RunAsync()
    {
        var ports = new[] { LoopbackPorts.Free(), LoopbackPorts.Free() };
        var dashboards = ports.Select(ScriptedController.Start).ToArray();
        var state = Path.Combine(Path.GetTempPath(), "piranhanet-bench-dashboards", Guid.NewGuid().ToString("N"));
        using var agent = BenchAgent.Build(state, controllers: [.. dashboards.Select(d => d.Address)]);
        try
        {
            var first = Greeting(dashboards[0]);
            await agent.StartAsync();
            await first.WaitAsync(s_wait);
            var samples = new double[Runs];
            for (var (run, current) = (0, 0); run < Runs; run++, current = 1 - current)
            {
                var greeted = Greeting(dashboards[1 - current]);
                var clock = Stopwatch.StartNew();
                await dashboards[current].DisposeAsync();
                await greeted.WaitAsync(s_wait);
                samples[run] = clock.Elapsed.TotalMilliseconds;
                dashboards[current] = ScriptedController.Start(ports[current]);
            }
            Measurement.Print("agent at the other dashboard after its own went away", samples, "goal: within 5000 ms");
        }
        finally
        {
            await agent.StopAsync();
            foreach (var dashboard in dashboards)
            {
                await dashboard.DisposeAsync();
            }
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }

    // Completes when the agent next says hello to the dashboard.
    private static Task Greeting(ScriptedController dashboard)
    {
        var greeted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dashboard.Greeted += _ => greeted.TrySetResult();
        return greeted.Task;
    }
}
