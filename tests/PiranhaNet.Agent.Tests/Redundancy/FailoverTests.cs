using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Redundancy;

/// <summary>Runs alone: two agents per test keep a 0.6 s dead time only if other tests are not eating the CPU meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "failover in network namespaces";
}

/// <summary>
/// Failover between two real agent processes in network namespaces (<see cref="DirectorPairLab"/>), with a
/// client making real requests through the virtual IP. Needs root; fails saying so without it.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class FailoverTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(20);

    private static async Task PrimaryActiveAsync(DirectorPairLab lab)
    {
        Assert.True(await lab.Agent(lab.Primary).WaitForAsync("-> active: primary", s_settle), lab.Transcript());
        Assert.True(await DirectorPairLab.EventuallyAsync(() => lab.HoldsVip(lab.Primary) && !lab.HoldsVip(lab.Backup), s_settle), lab.Transcript());
        Assert.True(await lab.RequestSucceedsAsync(s_settle), "no request through the primary\n" + lab.Transcript());
        Assert.True(await lab.RequestSucceedsAsync(s_settle, DirectorPairLab.Vip6), "no IPv6 request through the primary\n" + lab.Transcript());
    }

    [Fact]
    public async Task KillPrimary_BackupTakesTheVip_PrimaryRestarted_TakesItBack()
    {
        await using var lab = DirectorPairLab.Create(new());
        lab.Start(lab.Primary);
        var backup = lab.Start(lab.Backup);
        await PrimaryActiveAsync(lab);
        var mark = backup.Lines.Count;

        lab.Agent(lab.Primary).Kill();

        Assert.True(await backup.WaitForAsync("standby -> active: peer silent on every path", s_settle, after: mark), lab.Transcript());
        // The state change is logged before the addresses are added.
        Assert.True(await DirectorPairLab.EventuallyAsync(() => lab.HoldsVip(lab.Backup) && DirectorPairLab.Holds(lab.Backup, DirectorPairLab.Vip6), s_settle),
            lab.Transcript());
        Assert.True(await lab.RequestSucceedsAsync(s_settle), "no request through the backup\n" + lab.Transcript());
        // The killed primary still holds the IPv6 VIP too; the backup's neighbour advertisement moves the client over.
        Assert.True(await lab.RequestSucceedsAsync(s_settle, DirectorPairLab.Vip6), "no IPv6 request through the backup\n" + lab.Transcript());

        mark = backup.Lines.Count;
        lab.Start(lab.Primary);

        Assert.True(await backup.WaitForAsync("active -> standby: primary is active", s_settle, after: mark), lab.Transcript());
        await PrimaryActiveAsync(lab);
    }

    [Fact]
    public async Task HeartbeatsUnderAnotherKey_AreRefusedAndLogged_SoTheBackupCountsThePrimaryDead()
    {
        await using var lab = DirectorPairLab.Create(new(), backupKey: Core.Redundancy.HeartbeatKey.Generate());
        lab.Start(lab.Primary);
        var backup = lab.Start(lab.Backup);

        Assert.True(await backup.WaitForAsync("refused: authentication failed (wrong key or altered packet)", s_settle), lab.Transcript());
        Assert.True(await backup.WaitForAsync("standby -> active: peer silent on every path", s_settle), lab.Transcript());
        Assert.True(await DirectorPairLab.EventuallyAsync(() => lab.HoldsVip(lab.Backup), s_settle), lab.Transcript());
        // How often refusals are logged is HeartbeatSocketTests' business, on a fake clock.
    }

    [Fact]
    public async Task RotatedKey_ReachesTheBackupFirst_NeitherRefusesTheOther_NoFailover()
    {
        await using var lab = DirectorPairLab.Create(new(Keepalive: 0.2, Deadtime: 1.0));
        var primary = lab.Start(lab.Primary);
        lab.Start(lab.Backup);
        await PrimaryActiveAsync(lab);
        var mark = primary.Lines.Count;

        // The backup restarts holding the new key (the primary has not received it yet); the primary notices its silence first.
        lab.Agent(lab.Backup).Kill();
        Assert.True(await primary.WaitForAsync("heartbeat path public (10.88.0.1 to 10.88.0.2) down", s_settle, after: mark), lab.Transcript());
        lab.RotateKeyOn(lab.Backup, DateTimeOffset.UtcNow.AddMinutes(10));
        var backup = lab.Start(lab.Backup);

        // Each hears the other again: neither refused the other's heartbeats.
        Assert.True(await backup.WaitForAsync("heartbeat path public (10.88.0.2 to 10.88.0.1) up", s_settle), lab.Transcript());
        Assert.True(await primary.WaitForAsync("heartbeat path public (10.88.0.1 to 10.88.0.2) up", s_settle, after: mark), lab.Transcript());
        Assert.DoesNotContain(primary.Lines, line => line.Contains("refused", StringComparison.Ordinal));
        Assert.DoesNotContain(backup.Lines, line => line.Contains("refused", StringComparison.Ordinal) || line.Contains("-> active", StringComparison.Ordinal));
        Assert.True(lab.HoldsVip(lab.Primary) && !lab.HoldsVip(lab.Backup), lab.Transcript());
    }

    [Fact]
    public async Task OnePathCut_NoFailover_BothCut_BackupTakesOver()
    {
        await using var lab = DirectorPairLab.Create(new(Keepalive: 0.2, Deadtime: 1.0));
        lab.Start(lab.Primary);
        var backup = lab.Start(lab.Backup);
        await PrimaryActiveAsync(lab);
        var mark = backup.Lines.Count;

        lab.SetLink(lab.Primary, publicLink: false, up: false);

        // The backup notices the private path's silence for the dead time, and stays standby on the public one.
        Assert.True(await backup.WaitForAsync("heartbeat path private (10.89.0.2 to 10.89.0.1) down", s_settle, after: mark), lab.Transcript());
        Assert.DoesNotContain(backup.Lines.Skip(mark), line => line.Contains("-> active", StringComparison.Ordinal));
        Assert.False(lab.HoldsVip(lab.Backup));

        lab.SetLink(lab.Primary, publicLink: true, up: false);

        Assert.True(await backup.WaitForAsync("standby -> active: peer silent on every path", s_settle, after: mark), lab.Transcript());
        Assert.True(await lab.RequestSucceedsAsync(s_settle), "no request through the backup\n" + lab.Transcript());
    }

    [Fact]
    public async Task MonitoredLinkLosesCarrier_PrimaryGoesToFault_BackupTakesOver_LinkBack_PrimaryReturns()
    {
        await using var lab = DirectorPairLab.Create(new(MonitorLinks: true));
        var primary = lab.Start(lab.Primary);
        var backup = lab.Start(lab.Backup);
        await PrimaryActiveAsync(lab);
        var (primaryMark, backupMark) = (primary.Lines.Count, backup.Lines.Count);

        lab.SetLink(lab.Primary, publicLink: true, up: false);

        Assert.True(await primary.WaitForAsync("active -> fault: monitored link eth0 has no carrier", s_settle, after: primaryMark), lab.Transcript());
        Assert.True(await backup.WaitForAsync("standby -> active: peer is fault", s_settle, after: backupMark), lab.Transcript());
        Assert.True(await DirectorPairLab.EventuallyAsync(() => !lab.HoldsVip(lab.Primary), s_settle), lab.Transcript());
        Assert.True(await lab.RequestSucceedsAsync(s_settle), "no request through the backup\n" + lab.Transcript());

        lab.SetLink(lab.Primary, publicLink: true, up: true);

        Assert.True(await primary.WaitForAsync("fault -> active: primary", s_settle, after: primaryMark), lab.Transcript());
        await PrimaryActiveAsync(lab);
    }

    [Fact]
    public async Task PrimaryStoppedCleanly_GivesUpTheVip_AndTheBackupTakesOverWithoutWaitingTheDeadTime()
    {
        // A dead time of 30 s: a takeover sooner than that can only come from the primary saying it stopped.
        await using var lab = DirectorPairLab.Create(new(Keepalive: 0.5, Deadtime: 30));
        var primary = lab.Start(lab.Primary);
        var backup = lab.Start(lab.Backup);
        Assert.True(await primary.WaitForAsync("-> active: primary", TimeSpan.FromSeconds(40)), lab.Transcript());
        var mark = backup.Lines.Count;

        Assert.True(primary.Terminate(TimeSpan.FromSeconds(10)), "the primary did not stop on SIGTERM\n" + lab.Transcript());

        Assert.True(await backup.WaitForAsync("standby -> active: peer is stopped", TimeSpan.FromSeconds(10), after: mark), lab.Transcript());
        Assert.False(lab.HoldsVip(lab.Primary));
        Assert.True(await lab.RequestSucceedsAsync(s_settle), "no request through the backup\n" + lab.Transcript());
    }

    [Fact]
    public async Task FailoverServiceFailsItsCheck_PrimaryGoesToFault_BackupTakesOverAndStartsTheService()
    {
        await using var lab = DirectorPairLab.Create(new(FailoverService: true));
        var primaryService = DirectorPairLab.ServeFailoverService(lab.Primary);
        using var backupService = DirectorPairLab.ServeFailoverService(lab.Backup);
        var primary = lab.Start(lab.Primary);
        var backup = lab.Start(lab.Backup);
        var address = DirectorPairLab.FailoverServiceEndPoint.Address;
        Assert.True(await primary.WaitForAsync("-> active: primary", s_settle), lab.Transcript());
        Assert.True(await DirectorPairLab.EventuallyAsync(() => DirectorPairLab.HasDevice(lab.Primary, "fos-ftp") && DirectorPairLab.Holds(lab.Primary, address)
            && !DirectorPairLab.Holds(lab.Backup, address), s_settle), "start_cmd did not run on the primary\n" + lab.Transcript());
        Assert.False(DirectorPairLab.HasDevice(lab.Backup, "fos-ftp"));
        var mark = backup.Lines.Count;

        primaryService.Dispose();   // the service dies on the primary

        Assert.True(await primary.WaitForAsync("active -> fault: failover service ftp failed its check at 10.88.0.60:2121", s_settle), lab.Transcript());
        Assert.True(await backup.WaitForAsync("standby -> active: peer is fault", s_settle, after: mark), lab.Transcript());
        Assert.True(await DirectorPairLab.EventuallyAsync(
            () => DirectorPairLab.HasDevice(lab.Backup, "fos-ftp") && !DirectorPairLab.HasDevice(lab.Primary, "fos-ftp"), s_settle),
            "start_cmd on the backup and stop_cmd on the primary did not both run\n" + lab.Transcript());
        Assert.True(DirectorPairLab.Holds(lab.Backup, address));
        Assert.False(DirectorPairLab.Holds(lab.Primary, address));
    }
}
