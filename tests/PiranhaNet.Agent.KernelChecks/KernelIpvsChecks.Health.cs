using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiranhaNet.Agent.Dataplane.Ipvs;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Agent.KernelChecks;

/// <summary>
/// Drain and health checks against the kernel: a drained real keeps its open connection while new ones go
/// elsewhere, and a real whose web server dies leaves the IPVS table and comes back when it is restarted.
/// </summary>
public static partial class KernelIpvsChecks
{
    private static async Task DrainKeepsOpenConnections()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        var applier = Applier(dataplane);
        await RequireAppliedAsync(applier, 1, SchedulerConfig("rr", 86, 1, 1));
        // A client connection held open through the VIP (nc waits for its input), then its real drained.
        using var held = Process.Start(new ProcessStartInfo("ip", "netns exec client busybox nc 10.77.0.1 86")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true,
        })!;
        var holder = await WaitForActiveConnectionAsync(86);
        var drainedName = holder == "10.77.1.1" ? "real1" : "real2";
        var drained = SchedulerConfig("rr", 86, 1, 1).Replace($"server {drainedName} {{", $"server {drainedName} {{\n        # piranhanet: drain = 1");
        await RequireAppliedAsync(applier, 2, drained);

        var answers = await RequestsThroughAsync(dataplane, 2, drained, 4, port: 86);
        // Weight 0, and its one connection still active.
        RequireLine(await IpvsadmAsync("-Ln -t 10.77.0.1:86"), $"-> {holder}:80 Masq 0 1 0");
        await held.StandardInput.WriteAsync("GET / HTTP/1.0\r\n\r\n");
        await held.StandardInput.FlushAsync();
        var reply = await held.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Require(answers.All(a => a != drainedName), $"new connections still reach the drained {drainedName}: {string.Join(", ", answers)}");
        Require(reply.Contains(drainedName, StringComparison.Ordinal), $"the open connection to the drained {drainedName} answered: {reply}");
    }

    // The real (by address) that holds the one active connection of VIP:port, once IPVS counts it.
    private static async Task<string> WaitForActiveConnectionAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var table = await IpvsadmAsync($"-Ln -t 10.77.0.1:{port}");
            var line = table.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .FirstOrDefault(f => f is ["->", _, "Masq", _, "1", _]);
            if (line is not null)
            {
                return line[1].Split(':')[0];
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("the held connection never showed as active");
    }

    private static async Task HealthChecksFollowARealsWebServer()
    {
        Require(Environment.GetEnvironmentVariable("PIRANHANET_KERNEL_NETNS") == "1", "needs the network namespaces of run-in-vm.sh");
        await using var dataplane = KernelIpvsDataplane.Open();
        // The whole agent runs: its health checks and its reconcile loop bring health to the table.
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        using var agent = Agent(dataplane, loggers);
        await agent.StartAsync();
        var applier = agent.Services.GetRequiredService<TableReconciler>();
        var config = SchedulerConfig("rr", 87, 1, 1).Replace("scheduler = rr", "scheduler = rr\n    timeout = 1\n    reentry = 2\n    # piranhanet: check_timeout = 1");
        Require((await applier.ApplyAsync(1, LvsConfigReader.Read(config), running: true, CancellationToken.None)).Succeeded, "apply failed");

        await RunAsync("sh", "-c \"kill $(ip netns pids real2)\"");
        // real1 stays: a check of it that timed out in the emulated VM (1 s) takes it out for its reentry time only,
        // so the table looked for is real2 gone with real1 in it.
        var without = await WaitForTableAsync(87, t => !t.Contains("10.77.1.2:80", StringComparison.Ordinal) && t.Contains("10.77.1.1:80", StringComparison.Ordinal),
            "real2 leaving the table while real1 stays");
        await RunAsync("ip", "netns exec real2 busybox httpd -p 80 -h /tmp/www/real2");
        await RunAsync("ip", "netns exec real2 busybox httpd -p 8080 -h /tmp/www/real2");
        await WaitForTableAsync(87, t => t.Contains("10.77.1.2:80", StringComparison.Ordinal), "real2 coming back");

        RequireLine(without, "-> 10.77.1.1:80 Masq 1 0 0");
        await agent.StopAsync();
    }

    private static async Task<string> WaitForTableAsync(int port, Func<string, bool> holds, string what)
    {
        var table = "";
        for (var attempt = 0; attempt < 150; attempt++)
        {
            table = await IpvsadmAsync($"-Ln -t 10.77.0.1:{port}");
            if (holds(table))
            {
                return table;
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"{what} did not happen within 15 s; the table last was: {table.ReplaceLineEndings(" | ")}");
    }
}
