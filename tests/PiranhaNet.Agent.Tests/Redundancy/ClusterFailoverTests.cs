using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Redundancy;

/// <summary>
/// Failover groups between real agent processes in network namespaces (<see cref="DirectorPairLab"/> with a third
/// director): group a (the virtual server on 10.88.0.50) prefers lvs1 (d1), then lvs2, then lvs3; group b (10.88.0.51)
/// prefers lvs2 (d2), then lvs3, then lvs1. Needs root; fails saying so without it.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class ClusterFailoverTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(20);

    private static DirectorPairLab.Settings Cluster(bool failbackA = true, int directors = 3) => ClusterLabSettings.Of(failbackA, directors: directors);

    // Only the director named holds each VIP (a killed one's namespace keeps what it held: it is not asked), and a
    // request through each succeeds.
    private static async Task HoldAsync(DirectorPairLab lab, string forA, string forB, string? killed = null)
    {
        Assert.True(await lab.HoldsOnlyAsync(forA, forB, s_settle, killed), $"a should be on {forA[^2..]}, b on {forB[^2..]}\n{lab.Transcript()}");
        Assert.True(await lab.RequestSucceedsAsync(s_settle), "no request through group a's address\n" + lab.Transcript());
        Assert.True(await lab.RequestSucceedsAsync(s_settle, DirectorPairLab.Vip2), "no request through group b's address\n" + lab.Transcript());
    }

    [Fact]
    public async Task ThreeDirectors_KillAsDirector_TheNextTakesA_BDoesNotMove_TheKilledOneReturns_AndTakesABack()
    {
        await using var lab = DirectorPairLab.Create(Cluster());
        foreach (var director in lab.Directors)
        {
            lab.Start(director);
        }
        Assert.True(await ClusterLabSettings.AllHeardAsync(lab, s_settle), lab.Transcript());
        var (d1, d2, d3) = (lab.Director(1), lab.Director(2), lab.Director(3));
        await HoldAsync(lab, forA: d1, forB: d2);
        var mark = lab.Agent(d2).Lines.Count;

        lab.Agent(d1).Kill();

        Assert.True(await lab.Agent(d2).WaitForAsync("group a taken: lvs2 is the most preferred online director (lvs1 silent)", s_settle, after: mark), lab.Transcript());
        await HoldAsync(lab, forA: d2, forB: d2, killed: d1);
        Assert.DoesNotContain(lab.Agent(d2).Lines.Skip(mark), line => line.Contains("group b released", StringComparison.Ordinal));
        Assert.DoesNotContain(lab.Agent(d3).Lines, line => line.Contains(" taken:", StringComparison.Ordinal));

        mark = lab.Agent(d2).Lines.Count;
        lab.Start(d1);

        Assert.True(await lab.Agent(d2).WaitForAsync("group a released: lvs1 has taken it over", s_settle, after: mark), lab.Transcript());
        await HoldAsync(lab, forA: d1, forB: d2);
    }

    [Fact]
    public async Task ThreeDirectors_WithoutFailback_TheKilledOneReturns_AndStaysAway()
    {
        await using var lab = DirectorPairLab.Create(Cluster(failbackA: false));
        foreach (var director in lab.Directors)
        {
            lab.Start(director);
        }
        Assert.True(await ClusterLabSettings.AllHeardAsync(lab, s_settle), lab.Transcript());
        var (d1, d2) = (lab.Director(1), lab.Director(2));
        await HoldAsync(lab, forA: d1, forB: d2);

        lab.Agent(d1).Kill();
        await HoldAsync(lab, forA: d2, forB: d2, killed: d1);
        var restarted = lab.Start(d1);

        Assert.True(await restarted.WaitForAsync("lvs2 heard", s_settle), lab.Transcript());
        await Task.Delay(TimeSpan.FromSeconds(3));   // five dead times: long enough for a failback that should not come
        await HoldAsync(lab, forA: d2, forB: d2);
        Assert.DoesNotContain(restarted.Lines, line => line.Contains(" taken:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APausedDirector_RestartedWhileTheDashboardIsDown_StaysPaused()
    {
        var dashboard = ScriptedController.Start();
        await using var lab = DirectorPairLab.Create(Cluster());
        await using var relay = ControllerRelay.Start(lab.Primary, dashboard.Address);
        var (d1, d2) = (lab.Director(1), lab.Director(2));
        lab.Start(d1, relay.Controller);
        lab.Start(d2);
        lab.Start(lab.Director(3));
        Assert.True(await ClusterLabSettings.AllHeardAsync(lab, s_settle), lab.Transcript());
        await HoldAsync(lab, forA: d1, forB: d2);
        Assert.True(await dashboard.ConnectedAsync(["primary"], s_settle), lab.Transcript());
        await dashboard.SendAsync("primary", new Core.Protocol.ClusterOperationsMessage(Paused: true, Draining: false, []));
        Assert.True(await lab.Agent(d1).WaitForAsync("operator: this director paused", s_settle), lab.Transcript());

        await dashboard.DisposeAsync();
        lab.Agent(d1).Kill();
        await HoldAsync(lab, forA: d2, forB: d2, killed: d1);
        var restarted = lab.Start(d1, relay.Controller);   // its dashboard no longer answers

        Assert.True(await restarted.WaitForAsync("operator: this director paused", s_settle), "the pause was not restored\n" + lab.Transcript());
        Assert.True(await restarted.WaitForAsync("lvs2 heard", s_settle), lab.Transcript());
        await Task.Delay(TimeSpan.FromSeconds(3));   // five dead times: long enough for a failback that should not come
        await HoldAsync(lab, forA: d2, forB: d2);
        Assert.DoesNotContain(restarted.Lines, line => line.Contains(" taken:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Multicast_TheDirectorsHeartbeatThroughTheGroup_KillAsDirector_TheNextTakesIt()
    {
        await using var lab = DirectorPairLab.Create(ClusterLabSettings.Of(multicast: "239.255.88.1"));
        foreach (var director in lab.Directors)
        {
            lab.Start(director);
        }
        Assert.True(await ClusterLabSettings.AllHeardAsync(lab, s_settle), lab.Transcript());
        var (d1, d2) = (lab.Director(1), lab.Director(2));
        await HoldAsync(lab, forA: d1, forB: d2);
        Assert.True(await lab.Agent(d1).WaitForAsync("heartbeats to multicast group 239.255.88.1:539 from 10.88.0.1, 10.89.0.1", s_settle), lab.Transcript());

        // Unicast, d1 would send each heartbeat four times (two peers, two paths); to the group, twice, every one multicast.
        var before = SentCounters(d1);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = SentCounters(d1);
        var (datagrams, multicast) = (after.Datagrams - before.Datagrams, after.Multicast - before.Multicast);
        Assert.True(multicast >= 10 && multicast >= datagrams * 0.8, $"in 2 s d1 sent {datagrams} UDP datagrams, {multicast} IP multicast packets");

        lab.Agent(d1).Kill();
        Assert.True(await lab.Agent(d2).WaitForAsync("group a taken: lvs2 is the most preferred online director (lvs1 silent)", s_settle), lab.Transcript());
        await HoldAsync(lab, forA: d2, forB: d2, killed: d1);
    }

    // The UDP datagrams and the IP multicast packets a director's namespace has sent, from its /proc/net/snmp and netstat.
    // One cat reads both within microseconds. Read by two processes, each started on a loaded machine, the two windows
    // can differ by most of a second: a CI run once counted 28 datagrams against 20 multicast packets that way.
    private static (long Datagrams, long Multicast) SentCounters(string director)
    {
        var files = DirectorPairLab.Exec(director, "cat", "/proc/net/snmp", "/proc/net/netstat");
        return (Counter(files, "Udp:", "OutDatagrams"), Counter(files, "IpExt:", "OutMcastPkts"));
    }

    // Such files have a line of names and then a line of values for each prefix.
    private static long Counter(string file, string prefix, string name)
    {
        var lines = file.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        return long.Parse(lines[1][Array.IndexOf(lines[0], name)], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task DualActive_EachServesItsOwn_KillOne_TheOtherServesBoth_RestartIt_EachServesItsOwnAgain()
    {
        await using var lab = DirectorPairLab.Create(Cluster(directors: 2));
        var (d1, d2) = (lab.Director(1), lab.Director(2));
        lab.Start(d1);
        lab.Start(d2);
        Assert.True(await ClusterLabSettings.AllHeardAsync(lab, s_settle), lab.Transcript());
        await HoldAsync(lab, forA: d1, forB: d2);

        lab.Agent(d2).Kill();
        await HoldAsync(lab, forA: d1, forB: d1, killed: d2);

        lab.Start(d2);
        await HoldAsync(lab, forA: d1, forB: d2);
    }

    [Fact]
    public async Task Partition_TheCutOffDirectorReleases_TheOtherTwoTakeOver_NoAddressOnTwoDirectorsAtOnce()
    {
        await using var lab = DirectorPairLab.Create(Cluster());
        foreach (var director in lab.Directors)
        {
            lab.Start(director);
        }
        Assert.True(await ClusterLabSettings.AllHeardAsync(lab, s_settle), lab.Transcript());
        var (d1, d2) = (lab.Director(1), lab.Director(2));
        await HoldAsync(lab, forA: d1, forB: d2);
        using var sampling = new CancellationTokenSource();
        var doubles = SampleDoublyHeldAsync(lab, sampling.Token);
        var mark = lab.Agent(d1).Lines.Count;

        lab.SetLink(d1, publicLink: true, up: false);
        lab.SetLink(d1, publicLink: false, up: false);

        Assert.True(await lab.Agent(d1).WaitForAsync("group a released: no quorum: hears 1 of 3 directors, needs 2", s_settle, after: mark), lab.Transcript());
        await HoldAsync(lab, forA: d2, forB: d2);
        await sampling.CancelAsync();
        var (samples, held, holders) = await doubles;
        // The sampler must have watched the takeover itself: a's address seen on d1 before it and on d2 after it.
        Assert.True(holders.Contains("d1") && holders.Contains("d2"), $"a's address seen on {string.Join(", ", holders)} only in {samples} samples: the sampler did not watch the takeover");
        Assert.True(held.Count == 0, $"held by two directors at once: {string.Join("; ", held)}\n{lab.Transcript()}");

        lab.SetLink(d1, publicLink: true, up: true);
        lab.SetLink(d1, publicLink: false, up: true);
        await HoldAsync(lab, forA: d1, forB: d2);
    }

    // Samples every 10 ms which directors hold each VIP, until cancelled: how many samples, each one with a VIP on two,
    // and every director seen holding group a's address.
    private static async Task<(int Samples, List<string> Doubles, HashSet<string> AHolders)> SampleDoublyHeldAsync(DirectorPairLab lab, CancellationToken cancellationToken)
    {
        var (samples, doubles, aHolders) = (0, new List<string>(), new HashSet<string>());
        var directors = lab.Directors.ToList();
        while (!cancellationToken.IsCancellationRequested && samples < 20_000)
        {
            var held = directors.Select(d => (Director: d, Addresses: DirectorPairLab.AddressesOf(d))).ToList();
            foreach (var vip in new[] { DirectorPairLab.Vip, DirectorPairLab.Vip2 })
            {
                var holders = held.Where(h => h.Addresses.Contains(vip)).Select(h => h.Director[^2..]).ToList();
                if (holders.Count > 1)
                {
                    doubles.Add($"{vip} on {string.Join(", ", holders)} at {DateTime.UtcNow:HH:mm:ss.fff}");
                }
                if (vip.Equals(DirectorPairLab.Vip))
                {
                    aHolders.UnionWith(holders);
                }
            }
            samples++;
            await Task.Delay(10, CancellationToken.None);
        }
        return (samples, doubles, aHolders);
    }
}
