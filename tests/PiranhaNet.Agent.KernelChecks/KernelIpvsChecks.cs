using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PiranhaNet.Agent.Hosting;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Ipvs;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Agent.KernelChecks;

/// <summary>
/// The kernel IPVS dataplane against the real kernel. Each check starts from an empty table and a fresh
/// state directory, drives the agent's apply pipeline, and reads the result back twice: through the
/// dataplane and through ipvsadm, which reads the kernel on its own.
/// </summary>
public static partial class KernelIpvsChecks
{
    private static readonly string StateDirectory = Path.Combine(Path.GetTempPath(), "piranhanet-kernel-checks");

    /// <summary>Every check by name; the host test expects a PASS line for each.</summary>
    public static IReadOnlyList<(string Name, Func<Task> Run)> All { get; } =
    [
        ("apply-creates-the-configured-table", ApplyCreatesTheConfiguredTable),
        ("weight-edit-is-one-change", WeightEditIsOneChange),
        ("refused-plan-leaves-the-table-as-it-was", RefusedPlanLeavesTheTableAsItWas),
        ("stop-withdraws-only-managed-services", StopWithdrawsOnlyManagedServices),
        ("restart-readopts-without-changes", RestartReadoptsWithoutChanges),
        ("firewall-mark-and-ipv6-services", FirewallMarkAndIpv6Services),
        ("traffic-is-balanced-and-counted", TrafficIsBalancedAndCounted),
        ("wrr-follows-weights", WeightedRoundRobinFollowsWeights),
        ("sh-keeps-a-client-on-one-real", SourceHashingKeepsAClientOnOneReal),
        ("lc-sed-dh-mh-route-as-documented", MoreSchedulersRouteAsDocumented),
        ("upper-threshold-turns-new-connections-away", UpperThresholdTurnsNewConnectionsAway),
        ("timeouts-are-set-once", TimeoutsAreSetOnce),
        ("sync-daemons-start-and-stop", SyncDaemonsStartAndStop),
        ("drain-keeps-open-connections", DrainKeepsOpenConnections),
        ("health-checks-follow-a-reals-web-server", HealthChecksFollowARealsWebServer),
        ("virtual-addresses-come-and-go", VirtualAddressesComeAndGo),
        ("failover-keeps-established-connections", FailoverKeepsEstablishedConnections),
        ("planned-move-keeps-established-connections", PlannedMoveKeepsEstablishedConnections),
    ];

    /// <summary>Empties the kernel table, puts the kernel's default timeouts back and clears the agent's state.</summary>
    public static async Task ClearAsync()
    {
        await IpvsadmAsync("-C");
        await IpvsadmAsync("--set 900 120 300");
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    private static async Task ApplyCreatesTheConfiguredTable()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        var config = LvsConfigReader.Read(Config(weightOfB: 1));
        var result = await Applier(dataplane).ApplyAsync(1, config, running: true, CancellationToken.None);
        Require(result.Succeeded, "apply failed: " + string.Join("; ", result.Reasons));
        RequireSameTable(DesiredTable.From(config), await dataplane.ReadTableAsync(CancellationToken.None));
        var listing = await IpvsadmAsync("-Ln");
        RequireLine(listing, "TCP  10.77.0.1:80 wlc persistent 300 mask 255.255.255.0");
        RequireLine(listing, "-> 10.77.1.1:80 Masq 2 0 0");
        RequireLine(listing, "-> 10.77.1.2:8080 Masq 1 0 0");
        RequireLine(listing, "UDP  10.77.0.1:53 rr");
        RequireLine(listing, "-> 10.77.1.3:53 Masq 1 0 0");
    }

    private static async Task WeightEditIsOneChange()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        var applier = Applier(dataplane);
        await RequireAppliedAsync(applier, 1, Config(weightOfB: 1));
        var result = await applier.ApplyAsync(2, LvsConfigReader.Read(Config(weightOfB: 5)), running: true, CancellationToken.None);
        Require(result.Succeeded, "apply failed: " + string.Join("; ", result.Reasons));
        Require(result.Changes is [{ Kind: IpvsChangeKind.EditDestination }], $"expected one destination edit, got: {string.Join("; ", result.Changes)}");
        RequireLine(await IpvsadmAsync("-Ln"), "-> 10.77.1.2:8080 Masq 5 0 0");
    }

    private static async Task RefusedPlanLeavesTheTableAsItWas()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        await RequireAppliedAsync(Applier(dataplane), 1, Config(weightOfB: 1));
        var before = await IpvsadmAsync("-Ln");
        var table = await dataplane.ReadTableAsync(CancellationToken.None);
        var web = table.Single(s => s.Key.Port == 80);
        var added = web with { Key = IpvsServiceKey.ForAddress(web.Key.Protocol, System.Net.IPAddress.Parse("10.77.0.2"), 80) };
        var plan = new IpvsPlan(
        [
            new IpvsChange(IpvsChangeKind.AddService, added),
            new IpvsChange(IpvsChangeKind.AddDestination, added, added.Destinations[0]),
            new IpvsChange(IpvsChangeKind.EditDestination, web, web.Destinations[0] with { Weight = 9 }),
            new IpvsChange(IpvsChangeKind.DeleteService, table.Single(s => s.Key.Port == 53)),
            new IpvsChange(IpvsChangeKind.EditService, web with { Scheduler = "no-such-scheduler" }),
        ], []);
        try
        {
            await dataplane.ApplyAsync(plan, CancellationToken.None);
            throw new InvalidOperationException("the kernel accepted an unknown scheduler");
        }
        catch (DataplaneException e)
        {
            Require(e.Message.Contains("no-such-scheduler", StringComparison.Ordinal), "the error does not name the refused change: " + e.Message);
        }
        var after = await IpvsadmAsync("-Ln");
        Require(before == after, $"the table changed.\nbefore:\n{before}\nafter:\n{after}");
    }

    private static async Task StopWithdrawsOnlyManagedServices()
    {
        await IpvsadmAsync("-A -t 10.88.0.1:80 -s rr");   // someone else's service
        await using var dataplane = KernelIpvsDataplane.Open();
        var applier = Applier(dataplane);
        await RequireAppliedAsync(applier, 1, Config(weightOfB: 1));
        var stopped = await applier.ApplyAsync(1, LvsConfigReader.Read(Config(weightOfB: 1)), running: false, CancellationToken.None);
        Require(stopped.Succeeded, "stop failed: " + string.Join("; ", stopped.Reasons));
        var listing = await IpvsadmAsync("-Ln");
        RequireLine(listing, "TCP  10.88.0.1:80 rr");
        Require(!listing.Contains("10.77.", StringComparison.Ordinal), "managed services are still there:\n" + listing);
    }

    private static async Task FirewallMarkAndIpv6Services()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        var config = LvsConfigReader.Read("""
            serial_no = 1
            primary = 10.77.9.1
            service = lvs
            network = direct
            virtual marked {
                active = 1
                address = 10.77.0.5 eth0:1
                fwmark = 7
                scheduler = sh
                # piranhanet: scheduler_flags = sh-fallback,sh-port
                server a {
                    address = 10.77.1.1
                    active = 1
                    weight = 1
                }
            }
            virtual six {
                active = 1
                address = 2001:db8::10 eth0:1
                port = 443
                scheduler = mh
                persistent = 60
                # piranhanet: forwarding = tunnel
                server b {
                    address = 2001:db8::21
                    active = 1
                    weight = 4
                }
            }
            """);
        var result = await Applier(dataplane).ApplyAsync(1, config, running: true, CancellationToken.None);
        Require(result.Succeeded, "apply failed: " + string.Join("; ", result.Reasons));
        RequireSameTable(DesiredTable.From(config), await dataplane.ReadTableAsync(CancellationToken.None));
        var listing = await IpvsadmAsync("-Ln");
        RequireLine(listing, "FWM  7 sh (sh-fallback,sh-port)");
        RequireLine(listing, "-> 10.77.1.1:0 Route 1 0 0");
        RequireLine(listing, "TCP  [2001:db8::10]:443 mh persistent 60");
        RequireLine(listing, "-> [2001:db8::21]:443 Tunnel 4 0 0");
    }

    private static async Task RestartReadoptsWithoutChanges()
    {
        await using (var first = KernelIpvsDataplane.Open())
        {
            await RequireAppliedAsync(Applier(first), 1, Config(weightOfB: 1));
        }
        await using var second = KernelIpvsDataplane.Open();
        var restored = await Applier(second).RestoreAsync(CancellationToken.None);
        Require(restored is { Succeeded: true, Changes.Count: 0 }, $"restart should change nothing, got: {(restored is null ? "no state" : string.Join("; ", restored.Changes))}");
    }

    // Needs the namespaces run-in-vm.sh builds: a client, this director and two reals behind NAT.
    private static async Task TrafficIsBalancedAndCounted()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        var answers = await RequestsThroughAsync(dataplane, 1, TrafficConfig("rr", weightOfB: 1), 6);
        Require(answers.Count(a => a == "real1") == 3 && answers.Count(a => a == "real2") == 3,
            $"round robin over two reals should answer 3 and 3, got: {string.Join(", ", answers)}");
        // The kernel sums its per-CPU counters into what it reports, and into its rate estimates, every 2 s (its
        // estimator's tick): so both are looked at until a tick after the last request has passed, for at most 10 s.
        // Six requests can straddle a tick, showing five connections with rates already above zero.
        var web = (await dataplane.ReadStatusAsync(CancellationToken.None)).Single(s => s.Service.Key.Port == 80);
        for (var deadline = DateTime.UtcNow.AddSeconds(10);
             (web.Stats.Connections < 6 || web.Rates.InBytesPerSecond == 0) && DateTime.UtcNow < deadline;
             await Task.Delay(250))
        {
            web = (await dataplane.ReadStatusAsync(CancellationToken.None)).Single(s => s.Service.Key.Port == 80);
        }
        Require(web.Stats.Connections == 6 && web.Stats.InPackets > 0 && web.Stats.OutBytes > 0,
            $"service counters: {web.Stats}");
        Require(web.Destinations.All(d => d.Stats.Connections == 3), $"destination counters: {string.Join("; ", web.Destinations.Select(d => d.Stats))}");
        Require(web.Rates.InBytesPerSecond > 0, $"service rates after traffic: {web.Rates}");
        Console.WriteLine($"  stats {web.Stats}; rates {web.Rates}");
    }

    private static async Task WeightedRoundRobinFollowsWeights()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        var answers = await RequestsThroughAsync(dataplane, 1, TrafficConfig("wrr", weightOfB: 3), 8);
        Require(answers.Count(a => a == "real1") == 2 && answers.Count(a => a == "real2") == 6,
            $"wrr with weights 1 and 3 should answer 2 and 6 of 8, got: {string.Join(", ", answers)}");
    }

    private static async Task SourceHashingKeepsAClientOnOneReal()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        var answers = await RequestsThroughAsync(dataplane, 1, TrafficConfig("sh", weightOfB: 1), 6);
        Require(answers.Distinct().Count() == 1 && answers[0] is "real1" or "real2",
            $"sh should send one client to one real every time, got: {string.Join(", ", answers)}");
    }

    private static async Task<List<string>> RequestsThroughAsync(IDataplane dataplane, int version, string config, int requests, int port = 80)
    {
        Require(Environment.GetEnvironmentVariable("PIRANHANET_KERNEL_NETNS") == "1", "needs the network namespaces of run-in-vm.sh");
        await RequireAppliedAsync(Applier(dataplane), version, config);
        var answers = new List<string>();
        for (var request = 0; request < requests; request++)
        {
            answers.Add((await RunAsync("ip", $"netns exec client timeout 5 busybox wget -qO- http://10.77.0.1:{port}/")).Trim());
        }
        return answers;
    }

    // The web service of Config without persistence, with the given scheduler; both reals serve port 80.
    private static string TrafficConfig(string scheduler, int weightOfB) => Config(weightOfB)
        .Replace("persistent = 300", "")
        .Replace("scheduler = wlc", $"scheduler = {scheduler}")
        .Replace("weight = 2", "weight = 1")
        .Replace("port = 8080", "port = 80");

    // The agent as piranhanet-agent wires it, over the given dataplane, keeping its state in StateDirectory; not started.
    private static IHost Agent(IDataplane dataplane, ILoggerFactory? loggers = null) => AgentHost.BuildEmbedded(
        new AgentOptions { Controller = new Uri("http://127.0.0.1:9/"), Token = "kernel-checks", Name = "vm", StateDirectory = StateDirectory },
        loggers ?? NullLoggerFactory.Instance, services => services.Replace(ServiceDescriptor.Singleton(dataplane)));

    // The agent's table reconciler over the given dataplane.
    private static TableReconciler Applier(IDataplane dataplane) => Agent(dataplane).Services.GetRequiredService<TableReconciler>();

    private static async Task RequireAppliedAsync(TableReconciler applier, int version, string config)
    {
        var result = await applier.ApplyAsync(version, LvsConfigReader.Read(config), running: true, CancellationToken.None);
        Require(result.Succeeded, $"version {version} failed: {string.Join("; ", result.Reasons)}");
    }

    // The global settings of every check's configuration: a NAT cluster behind 10.77.1.254.
    private const string NatCluster = """
        serial_no = 1
        primary = 10.77.9.1
        service = lvs
        network = nat
        nat_router = 10.77.1.254 eth1:1
        nat_nmask = 255.255.255.0

        """;

    // A NAT cluster: a persistent TCP web service with two real servers and a UDP DNS service with one.
    private static string Config(int weightOfB) => NatCluster + $$"""
        virtual web {
            active = 1
            address = 10.77.0.1 eth0:1
            port = 80
            protocol = tcp
            scheduler = wlc
            persistent = 300
            pmask = 255.255.255.0
            server a {
                address = 10.77.1.1
                active = 1
                weight = 2
            }
            server b {
                address = 10.77.1.2
                port = 8080
                active = 1
                weight = {{weightOfB}}
            }
        }
        virtual dns {
            active = 1
            address = 10.77.0.1 eth0:1
            port = 53
            protocol = udp
            scheduler = rr
            server c {
                address = 10.77.1.3
                active = 1
                weight = 1
            }
        }
        """;

    private static void RequireSameTable(IReadOnlyCollection<IpvsService> expected, IReadOnlyCollection<IpvsService> actual)
    {
        string Describe(IEnumerable<IpvsService> services) => string.Join("\n", services
            .Select(s => $"{s.Key} {s.Scheduler} flags={s.SchedulerFlags} persist={s.PersistenceTimeout}/{s.PersistencePrefix} " +
                         string.Join(",", s.Destinations.OrderBy(d => d.Address.ToString()).ThenBy(d => d.Port).Select(d => $"{d.Address}:{d.Port}/{d.Forwarding}/{d.Weight}")))
            .Order(StringComparer.Ordinal));
        Require(Describe(expected) == Describe(actual), $"the kernel holds a different table.\nexpected:\n{Describe(expected)}\nkernel:\n{Describe(actual)}");
    }

    // ipvsadm pads columns with spaces; compare with runs of spaces collapsed.
    private static void RequireLine(string listing, string expected)
    {
        static string Squeeze(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Require(listing.Split('\n').Any(l => Squeeze(l) == Squeeze(expected)), $"ipvsadm -Ln has no line \"{expected}\":\n{listing}");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static Task<string> IpvsadmAsync(string arguments) => RunAsync("ipvsadm", arguments);

    private static async Task<string> RunAsync(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Require(process.ExitCode == 0, $"{program} {arguments} failed ({process.ExitCode}): {await error}");
        return await output;
    }
}
