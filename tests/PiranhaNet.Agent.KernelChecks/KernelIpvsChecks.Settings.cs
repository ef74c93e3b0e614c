using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Ipvs;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Agent.KernelChecks;

/// <summary>
/// The checks of the schedulers beyond rr, wrr and sh, connection thresholds, timeouts and sync daemons.
/// Each traffic check uses its own virtual port: IPVS keeps deleted destinations (with their connection
/// counts) in a trash list keyed by service and revives them, which would skew the connection-counting
/// schedulers across checks.
/// </summary>
public static partial class KernelIpvsChecks
{
    private static async Task MoreSchedulersRouteAsDocumented()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        // lc: a finished request leaves an inactive connection, so sequential requests alternate.
        var lc = await RequestsThroughAsync(dataplane, 1, SchedulerConfig("lc", 81, 1, 3), 6, port: 81);
        Require(lc.Count(a => a == "real1") == 3 && lc.Count(a => a == "real2") == 3, $"lc should answer 3 and 3, got: {string.Join(", ", lc)}");
        // sed: (active + 1) / weight, and sequential requests leave none active, so the heavier one wins every time.
        var sed = await RequestsThroughAsync(dataplane, 2, SchedulerConfig("sed", 82, 1, 3), 4, port: 82);
        Require(sed.All(a => a == "real2"), $"sed should always pick the weight-3 real, got: {string.Join(", ", sed)}");
        // dh hashes the destination (the VIP), mh the source here: either way one client lands on one real.
        foreach (var (scheduler, port) in new[] { ("dh", 83), ("mh", 84) })
        {
            var answers = await RequestsThroughAsync(dataplane, port, SchedulerConfig(scheduler, port, 1, 1), 4, port);
            Require(answers.Distinct().Count() == 1, $"{scheduler} should keep one client on one real, got: {string.Join(", ", answers)}");
        }
    }

    // The kernel counts active and inactive connections against the threshold: after two requests the
    // weight-3 real is full, and fo (highest weight first) turns to the other one.
    private static async Task UpperThresholdTurnsNewConnectionsAway()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        var config = SchedulerConfig("fo", 85, 1, 3, real2Extra: "# piranhanet: uthreshold = 2");
        var answers = await RequestsThroughAsync(dataplane, 1, config, 4, port: 85);
        Require(answers.SequenceEqual(["real2", "real2", "real1", "real1"]), $"expected real2, real2, real1, real1, got: {string.Join(", ", answers)}");
        RequireLine(await IpvsadmAsync("-Ln --thresholds -t 10.77.0.1:85"), "-> 10.77.1.2:80 2 0 0 2");
    }

    private static async Task TimeoutsAreSetOnce()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        var applier = Applier(dataplane);
        var config = LvsConfigReader.Read(Config(weightOfB: 1).Replace("service = lvs", "service = lvs\ntcp_timeout = 600\nudp_timeout = 45"));
        var first = await applier.ApplyAsync(1, config, running: true, CancellationToken.None);
        var again = await applier.ApplyAsync(2, config, running: true, CancellationToken.None);
        Require(first.TimeoutsSet == new IpvsTimeouts(600, 120, 45), $"first apply set {first.TimeoutsSet?.ToString() ?? "no timeouts"}");
        Require(again is { Succeeded: true, TimeoutsSet: null, Changes.Count: 0 }, $"a second apply should change nothing, set {again.TimeoutsSet}");
        RequireLine(await IpvsadmAsync("-L --timeout"), "Timeout (tcp tcpfin udp): 600 120 45");
    }

    private static async Task SyncDaemonsStartAndStop()
    {
        await using var dataplane = KernelIpvsDataplane.Open();
        IConnectionSync sync = dataplane;
        var master = new IpvsSyncDaemon(IpvsSyncRole.Master, "d0", 7);
        var backup = new IpvsSyncDaemon(IpvsSyncRole.Backup, "d0", 7);
        try
        {
            await sync.StartSyncDaemonAsync(master, CancellationToken.None);
            await sync.StartSyncDaemonAsync(backup, CancellationToken.None);
            var running = await sync.ReadSyncDaemonsAsync(CancellationToken.None);
            Require(running.OrderBy(d => d.Role).SequenceEqual([master, backup]), $"read back: {string.Join("; ", running)}");
            var listing = await IpvsadmAsync("-L --daemon");
            Require(listing.Contains("master sync daemon (mcast=d0, syncid=7", StringComparison.Ordinal)
                    && listing.Contains("backup sync daemon (mcast=d0, syncid=7", StringComparison.Ordinal), $"ipvsadm -L --daemon:\n{listing}");
            var refused = await RequireThrowsAsync(() => sync.StartSyncDaemonAsync(master with { Interface = "nope0" }, CancellationToken.None));
            Require(refused.Contains("starting sync daemon master nope0 syncid 7", StringComparison.Ordinal), $"error: {refused}");
        }
        finally
        {
            await sync.StopSyncDaemonAsync(IpvsSyncRole.Master, CancellationToken.None);
            await sync.StopSyncDaemonAsync(IpvsSyncRole.Backup, CancellationToken.None);
        }
        await sync.StopSyncDaemonAsync(IpvsSyncRole.Master, CancellationToken.None);   // stopping twice is not an error
        Require((await sync.ReadSyncDaemonsAsync(CancellationToken.None)).Count == 0, "daemons still running after stop");
        Require((await IpvsadmAsync("-L --daemon")).Trim().Length == 0, "ipvsadm still lists a daemon");
    }

    private static async Task<string> RequireThrowsAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DataplaneException e)
        {
            return e.Message;
        }
        throw new InvalidOperationException("expected the kernel to refuse");
    }

    // One NAT service on VIP:port with both reals on their port 80.
    private static string SchedulerConfig(string scheduler, int port, int weight1, int weight2, string real2Extra = "") => NatCluster + $$"""
        virtual web{{port}} {
            active = 1
            address = 10.77.0.1 eth0:1
            port = {{port}}
            protocol = tcp
            scheduler = {{scheduler}}
            server real1 {
                address = 10.77.1.1
                port = 80
                active = 1
                weight = {{weight1}}
            }
            server real2 {
                address = 10.77.1.2
                port = 80
                active = 1
                weight = {{weight2}}
                {{real2Extra}}
            }
        }
        """;
}
