using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Agent.Health;
using PiranhaNet.Agent.Persistence;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// Where the time of one weight change goes, step by step, with 1,000 virtual servers x 2 real servers: each
/// piece of work the dashboard and the agent do between the API's PUT and the applied report, timed alone.
/// </summary>
internal static class ApplyStepBenchmarks
{
    private const int Iterations = 30;

    public static async Task RunAsync()
    {
        var before = LargeConfig.Create(1_000, realServersEach: 2);
        var vs = before.VirtualServers[500];
        var after = before with { VirtualServers = before.VirtualServers.SetItem(500, vs with { RealServers = vs.RealServers.SetItem(0, vs.RealServers[0] with { Weight = 9 }) }) };
        var json = PiranhaJson.Serialize(after);
        var message = AgentProtocol.Encode(new ConfigureMessage(2, true, after));
        Console.WriteLine($"configuration JSON {json.Length / 1024} KiB, configure message {message.Length / 1024} KiB");
        var table = DesiredTable.From(before);
        var managed = table.Select(s => s.Key).ToHashSet();
        using var directory = new TempDirectory();
        var store = new AppliedStateFile(directory.Path);
        var applied = new AppliedState(2, true, after, [.. table.Select(s => AppliedStateFile.ToStored(s.Key))]);

        await Step("serialise the configuration (store, push)", () => PiranhaJson.Serialize(after));
        await Step("deserialise the configuration (load)", () => PiranhaJson.Deserialize(json));
        await Step("validate", () => ConfigValidator.Default.Validate(after));
        await Step("diff and summarise (version summary)", () => ConfigDiffer.Summarize(ConfigDiffer.Diff(before, after)));
        await Step("encode the configure message", () => AgentProtocol.Encode(new ConfigureMessage(2, true, after)));
        await Step("decode the configure message", () => AgentProtocol.Decode(message));
        await Step("desired table", () => DesiredTable.From(after));
        await Step("plan against the current table", () => IpvsPlanner.Plan(table, DesiredTable.From(after), managed));
        var status = new StatusMessage(new DirectorStatus("lvs1", "ipvs", true, 2, null,
            [.. table.Select(s => IpvsServiceStatus.Unmeasured(s) with { Stats = new IpvsCounters(1_000_000, 9_000_000, 8_000_000, 1_000_000_000, 9_000_000_000) })], []));
        var statusJson = AgentProtocol.Encode(status);
        Console.WriteLine($"status message of 1,000 services: {statusJson.Length / 1024} KiB");
        await Step("encode a status message", () => AgentProtocol.Encode(status));
        await Step("decode a status message", () => AgentProtocol.Decode(statusJson));
        // The health checks' share of an apply (checks a day apart, so none runs during the measurement).
        LvsConfig Quiet(LvsConfig c) => c with { VirtualServers = [.. c.VirtualServers.Select(v => v with { Timeout = 86_400 })] };
        // As a change arrives: every virtual server but the edited one is the very same object as before.
        var quietBefore = Quiet(before);
        var quietAfter = quietBefore with { VirtualServers = quietBefore.VirtualServers.SetItem(500, Quiet(after).VirtualServers[500]) };
        using (var agent = BenchAgent.Build(directory.Path))
        {
            var scheduler = agent.Services.GetRequiredService<HealthCheckScheduler>();
            var states = agent.Services.GetRequiredService<RealServerStates>();
            await scheduler.FollowAsync(new AppliedVersion(1, true, quietBefore));
            var flip = false;
            await Measurement.TimeAsync("health: follow the new version", Iterations,
                async _ => await scheduler.FollowAsync(new AppliedVersion(2, true, (flip = !flip) ? quietAfter : quietBefore)));
            await Step("health: desired table with the servers' health", () => DesiredTable.From(quietAfter, states));
            await Step("health: status of 2,000 servers", () => states.Status());
            await scheduler.FollowAsync(new AppliedVersion(3, false, quietBefore));
        }
        await Measurement.TimeAsync("save the agent's state (write + fsync + rename)", Iterations, _ => store.SaveAsync(applied, CancellationToken.None));
    }

    private static Task Step(string name, Func<object> work) => Measurement.TimeAsync(name, Iterations, _ =>
    {
        GC.KeepAlive(work());
        return Task.CompletedTask;
    });
}
