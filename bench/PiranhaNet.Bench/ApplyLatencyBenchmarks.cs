using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// API save to the agent's applied report, with 1,000 virtual servers configured: the dashboard on loopback
/// with its embedded local agent (userspace dataplane, every service listening on a 127.x address, its 2,000
/// real servers connect-checked against listeners in a child process), and one real server's weight changed
/// per sample through the HTTP API.
/// </summary>
internal static class ApplyLatencyBenchmarks
{
    private const int VirtualServers = 1_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task RunAsync()
    {
        await using var server = await DashboardServer.StartAsync(localAgent: true);
        var registry = server.Services.GetRequiredService<AgentRegistry>();
        var realPorts = new[] { LoopbackPorts.Free(), LoopbackPorts.Free() };
        await using var realServers = await AcceptingProcess.StartAsync(realPorts);
        var config = LoopbackConfig(realPorts);
        var seeded = await server.SendJsonAsync(HttpMethod.Put, "/api/v1/config", PiranhaJson.Serialize(config));
        if (!seeded.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"seeding failed: {(int)seeded.StatusCode} {await seeded.Content.ReadAsStringAsync()}");
        }
        var first = await AppliedAsync(registry, Serial(seeded));
        Console.WriteLine($"1,000 virtual servers x 2 real servers applied by the local agent in {first.TotalMilliseconds:F0} ms (first apply, 1,000 listeners)");

        // Two figures per sample: until the API answers (validated and stored), and on until the agent reports applied.
        var saved = new List<double>();
        await Measurement.TimeAsync("one weight change: API PUT -> agent applied", 100, async i =>
        {
            var index = (i + 1) % VirtualServers;
            var body = config.VirtualServers[index].RealServers[0] with { Weight = 2 + (i + 1) % 50 };
            var started = Stopwatch.StartNew();
            var response = await server.SendJsonAsync(HttpMethod.Put, $"/api/v1/config/virtual-servers/vs{index}/real-servers/r1", System.Text.Json.JsonSerializer.Serialize(body, PiranhaJson.Options));
            response.EnsureSuccessStatusCode();
            if (i >= 0)
            {
                saved.Add(started.Elapsed.TotalMilliseconds);
            }
            await AppliedAsync(registry, Serial(response));
        }, "targets: p50 20 ms, p99 100 ms");
        Measurement.Print("  of which API PUT until stored (response)", [.. saved], "");
    }

    private static async Task<TimeSpan> AppliedAsync(AgentRegistry registry, int serial)
    {
        var waited = Stopwatch.StartNew();
        while (registry.Views.GetValueOrDefault(LocalAgentService.DirectorName) is not { } view || view.AppliedVersion < serial)
        {
            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"the local agent did not apply version {serial} within {Patience}");
            }
            await Task.Delay(1);
        }
        return waited.Elapsed;
    }

    private static int Serial(HttpResponseMessage response) => int.Parse(response.Headers.ETag!.Tag.Trim('"', 'W', '/'), System.Globalization.CultureInfo.InvariantCulture);

    // LargeConfig moved into 127.0.0.0/8, which Linux answers on loopback, so the userspace proxy can listen
    // (on port 8000: no root needed).
    private static LvsConfig LoopbackConfig(int[] realPorts)
    {
        var config = LargeConfig.Create(VirtualServers, realServersEach: 2);
        return config with
        {
            Global = config.Global with { Primary = "127.0.0.1" },
            VirtualServers = [.. config.VirtualServers.Select((vs, i) => vs with
            {
                Address = $"127.1.{i / 250}.{i % 250 + 1}",
                Device = "lo",
                Port = 8000,
                // Every virtual server's real servers are the same two listeners of the child process; checks connect only.
                HealthCheck = new HealthCheckConfig(),
                RealServers = [.. vs.RealServers.Select((rs, r) => rs with { Address = "127.0.0.1", Port = realPorts[r] })],
            })],
        };
    }

}
