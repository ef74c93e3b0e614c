using PiranhaNet.Core.Protocol;
using PiranhaNet.Netns;

namespace PiranhaNet.Agent.KernelChecks;

/// <summary>
/// A planned move of a failover group on the kernel's IPVS: two cluster directors with direct routing, each running the
/// sync daemon as master and backup at once. The operator moves group a from lvs1 to lvs2 (sent by a scripted
/// controller, as the dashboard would); a client's connection made through lvs1 goes on through lvs2, during the
/// hand-over and after lvs1 has let the address go, and none of the 2,000 new connections two clients make around the
/// move fails.
/// </summary>
public static partial class KernelIpvsChecks
{
    private static async Task PlannedMoveKeepsEstablishedConnections()
    {
        Require(Environment.GetEnvironmentVariable("PIRANHANET_KERNEL_NETNS") == "1", "needs the network namespaces of run-in-vm.sh");
        await using var controller = ScriptedController.Start();
        // Emulated CPU: heartbeats at 0.5 s, dead after 3 s, as in the pair's failover check.
        await using var lab = DirectorPairLab.Create(ClusterLabSettings.Of(directors: 2, keepalive: 0.5, deadtime: 3) with { Dataplane = "ipvs", SyncDaemon = true });
        await using var relay1 = ControllerRelay.Start(lab.Primary, controller.Address);
        await using var relay2 = ControllerRelay.Start(lab.Backup, controller.Address);
        var lvs1 = lab.Start(lab.Primary, relay1.Controller);
        var lvs2 = lab.Start(lab.Backup, relay2.Controller);
        string Transcript() => lab.Transcript().ReplaceLineEndings(" | ");

        // An agent takes a minute or more to start on the emulated CPU, and the controller as long to read its first hello.
        Require(await SettledAsync(() => lab.HoldsVip(lab.Primary) && !lab.HoldsVip(lab.Backup), TimeSpan.FromSeconds(150)),
            "group a never settled on lvs1: " + Transcript());
        Require(await controller.ConnectedAsync(["primary", "backup"], TimeSpan.FromSeconds(150)), "the agents never reached the controller: " + Transcript());
        Require(await SettledAsync(() => SyncRoles(lab.Primary) == "master and backup" && SyncRoles(lab.Backup) == "master and backup", TimeSpan.FromSeconds(60)),
            "the directors never ran both sync daemons: " + SyncState(lab) + Transcript());
        using var client = await lab.ConnectAsync(TimeSpan.FromSeconds(20));
        Require(await ReadAsync(client) is "real1", "no greeting through lvs1: " + Transcript());
        Require(await EchoAsync(client, "before") is "before", "no echo through lvs1: " + SyncState(lab) + Transcript());
        Require(await DirectorPairLab.EventuallyAsync(() => DirectorPairLab.Exec(lab.Backup, "ipvsadm", "-Lnc").Contains($"{DirectorPairLab.Vip}:80", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30)), "lvs2's table never received the connection from lvs1's sync daemon: " + SyncState(lab) + Transcript());

        // New connections from two clients before, through and after the move, at least 2,000 in all with the move
        // after the first 1,000; none may fail.
        using var stopClients = new CancellationTokenSource();
        var (done, failures) = (0, new System.Collections.Concurrent.ConcurrentQueue<string>());
        var clients = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stopClients.IsCancellationRequested)
            {
                if (await lab.TryRequestAsync(TimeSpan.FromSeconds(5)) is { Failure: { } failure })
                {
                    failures.Enqueue(failure);
                }
                Interlocked.Increment(ref done);
            }
        })).ToList();

        Require(await SettledAsync(() => Volatile.Read(ref done) >= 1000 || clients.Any(c => c.IsCompleted), TimeSpan.FromMinutes(2)),
            $"only {done} new connections in two minutes before the move");
        var move = new ClusterOperationsMessage(false, false, [new GroupMove("a", "lvs2")]);
        await controller.SendAsync("primary", move);
        await controller.SendAsync("backup", move);
        Require(await lvs2.WaitForAsync("group a taken", TimeSpan.FromSeconds(30)), "lvs2 never took group a: " + Transcript());
        Require(await lvs1.WaitForAsync("group a released: lvs2 has taken it over", TimeSpan.FromSeconds(30)),
            "lvs1 did not hand group a over to lvs2: " + Transcript());
        // Make-before-break: lvs2 took the group (address up and announced) before lvs1 gave it up.
        var during = await EchoAsync(client, "during");
        Require(during == "during", $"the connection broke during the hand-over (got '{during}'): {SyncState(lab)} {Transcript()}");
        Require(await SettledAsync(() => !lab.HoldsVip(lab.Primary) && lab.HoldsVip(lab.Backup), TimeSpan.FromSeconds(30)),
            "lvs1 never let group a's address go: " + Transcript());
        var after = await EchoAsync(client, "after");
        Require(after == "after", $"the connection did not survive lvs1 letting go (got '{after}'): {SyncState(lab)} {Transcript()}");
        Require(await SettledAsync(() => Volatile.Read(ref done) >= 2000 || clients.Any(c => c.IsCompleted), TimeSpan.FromMinutes(2)),
            $"only {done} new connections in two minutes after the move");
        await stopClients.CancelAsync();
        await Task.WhenAll(clients);
        Console.WriteLine($"planned move: {done} new connections around it, {failures.Count} failed");
        Require(failures.IsEmpty, $"{failures.Count} of {done} new connections failed around the move ({string.Join(", ", failures.Distinct())}): {Transcript()}");
        using var fresh = await lab.ConnectAsync(TimeSpan.FromSeconds(20));
        Require(await ReadAsync(fresh) == "real1", "no new connection through lvs2: " + Transcript());
    }
}
