using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Agent.Health;
using PiranhaNet.Agent.Reconciliation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// Health checking: how long a dead real server stays in the table (interval 1 s, check timeout 1 s), and what
/// one agent spends running 10,000 checks a second. The servers being checked run in a child process, so the
/// CPU measured is the checker's alone.
/// </summary>
internal static class HealthCheckBenchmarks
{
    private const int Trials = 20;
    private const int CheckedServers = 10_000;
    private const int ServersPerVirtual = 10;
    private static readonly TimeSpan CpuWindow = TimeSpan.FromSeconds(20);

    public static async Task RunAsync()
    {
        await DetectionLatencyAsync();
        await ManyChecksAsync();
    }

    // A server is stopped once it has been checked up; the time until the dataplane no longer has it.
    private static async Task DetectionLatencyAsync()
    {
        var samples = new double[Trials];
        var reactions = new double[Trials];
        for (var trial = 0; trial < Trials; trial++)
        {
            using var directory = new TempDirectory();
            var dataplane = new UserspaceDataplane(TimeProvider.System);
            // The whole agent: its health checks and its reconcile loop bring a dead server out of the table.
            using var agent = BenchAgent.Build(directory.Path, dataplane);
            await agent.StartAsync();
            var applier = agent.Services.GetRequiredService<TableReconciler>();
            var health = agent.Services.GetRequiredService<RealServerStates>();
            var server = new TcpListener(IPAddress.Loopback, 0);
            server.Start();
            var port = ((IPEndPoint)server.LocalEndpoint).Port;
            _ = AcceptForeverAsync(server);
            await applier.ApplyAsync(1, Config(LoopbackPorts.Free(), port), running: true, CancellationToken.None);
            while (health.Status()[0].Detail != "connected")
            {
                await Task.Delay(5);
            }
            // Stopped at a random point of the check interval, as a real failure would be.
            await Task.Delay(Random.Shared.Next(0, 1000));
            var stopped = Stopwatch.StartNew();
            server.Stop();
            while ((await dataplane.ReadTableAsync(CancellationToken.None))[0].Destinations.Count > 0)
            {
                await Task.Delay(5);
            }
            samples[trial] = stopped.Elapsed.TotalMilliseconds;
            // Most of the above is the wait for the next check (where in the interval the server died); what follows
            // the failed check (runtime state, the table's refresh, the dataplane) is this part.
            reactions[trial] = (DateTimeOffset.UtcNow - health.Status()[0].Since).TotalMilliseconds;
            await agent.StopAsync();
        }
        Measurement.Print("dead server out of the table (interval 1 s, timeout 1 s)", samples, "target: within interval + timeout + 100 ms = 2,100 ms");
        Measurement.Print("  of which: checked down until out of the table", reactions, "");
    }

    private static LvsConfig Config(int vipPort, int realPort) => new()
    {
        Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
        VirtualServers =
        [
            new VirtualServerConfig
            {
                Name = "web", Active = true, Address = "127.0.0.1", Port = vipPort, Scheduler = "rr", Timeout = 1,
                HealthCheck = new HealthCheckConfig { ResponseTimeout = 1 },
                RealServers = [new RealServerConfig { Name = "r1", Address = "127.0.0.1", Port = realPort, Active = true }],
            },
        ],
    };

    private static async Task AcceptForeverAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                (await listener.AcceptSocketAsync()).Dispose();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    // 10,000 TCP connect checks at a 1 s interval against listeners in a child process; CPU and memory of this one.
    private static async Task ManyChecksAsync()
    {
        var ports = Enumerable.Range(0, ServersPerVirtual).Select(_ => LoopbackPorts.Free()).ToArray();
        await using var listeners = await AcceptingProcess.StartAsync(ports);
        {
            var config = new LvsConfig
            {
                Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
                VirtualServers = [.. Enumerable.Range(0, CheckedServers / ServersPerVirtual).Select(i => new VirtualServerConfig
                {
                    Name = $"vs{i}", Active = true, Address = $"10.0.{i / 250}.{i % 250 + 1}", Port = 80, Timeout = 1,
                    RealServers = [.. ports.Select((port, r) => new RealServerConfig { Name = $"r{r}", Address = "127.0.0.1", Port = port, Active = true })],
                })],
            };
            using var directory = new TempDirectory();
            using var agent = BenchAgent.Build(directory.Path);
            var scheduler = agent.Services.GetRequiredService<HealthCheckScheduler>();
            var health = agent.Services.GetRequiredService<RealServerStates>();
            await scheduler.FollowAsync(new AppliedVersion(1, true, config));
            await Task.Delay(TimeSpan.FromSeconds(3));   // past the spread-out first checks
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await Task.Delay(CpuWindow);
            process.Refresh();
            var core = (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds;
            var down = health.Status().Count(s => s.State != Core.Protocol.HealthState.Up);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{CheckedServers:N0} checks at 1 s: {core * 100:F0}% of one core over {CpuWindow.TotalSeconds:F0} s (target < 30%), " +
                $"working set {process.WorkingSet64 / (1024 * 1024)} MiB, managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB, {down} not up"));
            await scheduler.FollowAsync(new AppliedVersion(2, false, config));
        }
    }
}
