using PiranhaNet.Core.Protocol;
using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Core.Tests.Redundancy;

/// <summary>Machines with a plan, for the tests: peered, heartbeats on and a key at hand unless said otherwise.</summary>
internal static class Machines
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static RedundancyPlan Plan(DirectorRole? role, bool autoFailback = true, double deadtime = 5, bool peered = true, bool heartbeats = true) =>
        new(role, peered, heartbeats, "neither primary nor backup is on this director", [], 539, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(deadtime),
            MonitorLinks: false, autoFailback, []);

    public static DirectorStateMachine New(DirectorRole? role, bool autoFailback = true, double deadtime = 5, bool hasKey = true, bool peered = true,
        bool heartbeats = true)
    {
        var machine = new DirectorStateMachine();
        machine.Follow(Plan(role, autoFailback, deadtime, peered, heartbeats), hasKey, Start);
        return machine;
    }
}

/// <summary>Active or standby from the peer's heartbeats, on a hand-moved clock (deadtime 5 s, as Piranha's default).</summary>
public class DirectorStateMachineTests
{
    private static readonly DateTimeOffset s_start = Machines.Start;

    private static DateTimeOffset At(double seconds) => s_start.AddSeconds(seconds);

    private static HeartbeatPacket From(DirectorRole role, DirectorState state, double seconds) => new(role, state, (ulong)(seconds * 1000), At(seconds));

    [Fact]
    public void Backup_PrimarySilentOnEveryPath_TakesOverAfterTheDeadTime()
    {
        var backup = Machines.New(DirectorRole.Backup);
        backup.Heard(From(DirectorRole.Primary, DirectorState.Active, 1), At(1));
        backup.Heard(From(DirectorRole.Primary, DirectorState.Active, 1), At(1));

        backup.Evaluate(At(5.9));
        var beforeDeadtime = backup.State;
        var changed = backup.Evaluate(At(6.1));

        Assert.Equal((DirectorState.Standby, DirectorState.Active), (beforeDeadtime, backup.State));
        Assert.Equal(new FailoverRecord(At(6.1), DirectorState.Standby, DirectorState.Active, "peer silent on every path for more than 5 s"), changed);
        Assert.Equal([changed!], backup.History);
        Assert.Equal("peer silent on every path for more than 5 s", backup.Reason);
    }

    // Which path carries them is the link's business (one path cut is tested there and in the failover tests).
    [Fact]
    public void Backup_HeartbeatsKeepComing_LongAfterTheDeadTime_StaysStandby()
    {
        var backup = Machines.New(DirectorRole.Backup);
        backup.Heard(From(DirectorRole.Primary, DirectorState.Active, 1), At(1));
        for (var second = 2; second <= 20; second++)
        {
            backup.Heard(From(DirectorRole.Primary, DirectorState.Active, second), At(second));
        }

        backup.Evaluate(At(20));

        Assert.Equal((DirectorState.Standby, "primary is active"), (backup.State, backup.Reason));
    }

    [Fact]
    public void PrimaryReturning_WithAutoFailback_TakesBack_WithoutItWaits()
    {
        var eager = Machines.New(DirectorRole.Primary);
        var patient = Machines.New(DirectorRole.Primary, autoFailback: false);
        foreach (var primary in new[] { eager, patient })
        {
            primary.Heard(From(DirectorRole.Backup, DirectorState.Active, 1), At(1));
            primary.Evaluate(At(1));
        }
        var backup = Machines.New(DirectorRole.Backup, autoFailback: false);
        backup.Heard(From(DirectorRole.Primary, DirectorState.Standby, 0), At(0));
        backup.Evaluate(At(10));   // primary long silent: backup active
        backup.Heard(From(DirectorRole.Primary, DirectorState.Standby, 11), At(11));
        backup.Evaluate(At(11));

        Assert.Equal((DirectorState.Active, DirectorState.Standby), (eager.State, patient.State));
        Assert.Equal("backup is active and auto-failback is off", patient.Reason);
        Assert.Equal((DirectorState.Active, "primary is waiting (auto-failback off)"), (backup.State, backup.Reason));
    }

    [Fact]
    public void Backup_ActivePrimaryHeardAgain_StepsDown()
    {
        var backup = Machines.New(DirectorRole.Backup);
        backup.Evaluate(At(6));   // nobody heard since start: active
        backup.Heard(From(DirectorRole.Primary, DirectorState.Active, 7), At(7));

        var changed = backup.Evaluate(At(7));

        Assert.Equal((DirectorState.Active, DirectorState.Standby, "primary is active"), (changed!.From, backup.State, backup.Reason));
    }

    [Theory]
    [InlineData(true, null, DirectorState.Stopped)]
    [InlineData(false, "link eth0 has no carrier", DirectorState.Fault)]
    [InlineData(true, "link eth0 has no carrier", DirectorState.Stopped)]
    public void StoppedOrFault_OverrideAnActivePrimary_AndThePeerTakesOver(bool stopped, string? fault, DirectorState expected)
    {
        var primary = Machines.New(DirectorRole.Primary);
        primary.Heard(From(DirectorRole.Backup, DirectorState.Standby, 0.5), At(0.5));
        primary.Evaluate(At(0.5));
        var before = primary.State;
        (primary.Stopped, primary.Fault, primary.Forced) = (stopped, fault, true);
        var backup = Machines.New(DirectorRole.Backup);
        primary.Evaluate(At(1));
        backup.Heard(new HeartbeatPacket(DirectorRole.Primary, primary.State, 1, At(1)), At(1));
        backup.Evaluate(At(1));

        Assert.Equal((DirectorState.Active, expected), (before, primary.State));
        Assert.Equal((DirectorState.Active, $"peer is {expected.ToString().ToLowerInvariant()}"), (backup.State, backup.Reason));
    }

    [Theory]
    [InlineData(DirectorRole.Primary, true, false, DirectorState.Active, "primary; no heartbeat key: generate one on the Redundancy page")]
    [InlineData(DirectorRole.Backup, true, false, DirectorState.Standby, "no heartbeat key: generate one on the Redundancy page")]
    [InlineData(DirectorRole.Primary, false, true, DirectorState.Active, "primary; heartbeats are off (heartbeat = 0): the backup never takes over")]
    [InlineData(DirectorRole.Backup, false, true, DirectorState.Standby, "heartbeats are off (heartbeat = 0): the backup never takes over")]
    public void WithoutHeartbeats_ThePrimaryServesAndTheBackupWaits_SayingWhy(DirectorRole role, bool heartbeats, bool hasKey, DirectorState expected, string reason)
    {
        var machine = Machines.New(role, hasKey: hasKey, heartbeats: heartbeats);

        machine.Evaluate(At(60));

        Assert.Equal((expected, reason), (machine.State, machine.Reason));
        Assert.Null(machine.PeerDeadline);
    }

    [Fact]
    public void NoRoleOrNoBackup_Serves_AndANewRoleListensAfresh()
    {
        var alone = Machines.New(DirectorRole.Primary, peered: false);
        var roleless = Machines.New(null);
        alone.Evaluate(At(0));
        roleless.Evaluate(At(0));
        roleless.Follow(Machines.Plan(DirectorRole.Backup), hasKey: true, At(10));
        roleless.Evaluate(At(14));
        var listening = (roleless.State, roleless.Reason);
        roleless.Evaluate(At(15.1));

        Assert.Equal((DirectorState.Active, "the only director (no backup is configured)"), (alone.State, alone.Reason));
        Assert.Equal((DirectorState.Standby, "starting: listening for the peer"), listening);
        Assert.Equal(DirectorState.Active, roleless.State);
        Assert.Equal([DirectorState.Active, DirectorState.Standby, DirectorState.Active], roleless.History.Select(h => h.To));
    }

    [Fact]
    public void History_KeepsTheLastChangesOnly()
    {
        var machine = Machines.New(DirectorRole.Primary);
        for (var second = 1; second <= DirectorStateMachine.MaxHistory + 5; second++)
        {
            machine.Stopped = second % 2 == 0;
            machine.Evaluate(At(second));
        }

        Assert.Equal(DirectorStateMachine.MaxHistory, machine.History.Count);
        Assert.Equal(At(6), machine.History.First().At);
    }
}

public class DirectorStateMachineForcedTests
{
    private static readonly DateTimeOffset s_start = Machines.Start;

    [Fact]
    public void BackupMadeActive_PrimaryWithAutoFailbackYields_UntilReleased()
    {
        var deadtime = TimeSpan.FromSeconds(5);
        var backup = Machines.New(DirectorRole.Backup, deadtime: deadtime.TotalSeconds);
        backup.Forced = true;
        var primary = Machines.New(DirectorRole.Primary, deadtime: deadtime.TotalSeconds);
        backup.Heard(new HeartbeatPacket(DirectorRole.Primary, DirectorState.Active, 1, s_start), s_start);
        backup.Evaluate(s_start);
        primary.Heard(new HeartbeatPacket(DirectorRole.Backup, backup.State, 1, s_start, Forced: true), s_start);
        primary.Evaluate(s_start);

        Assert.Equal((DirectorState.Active, "made active by the operator"), (backup.State, backup.Reason));
        Assert.Equal((DirectorState.Standby, "peer was made active by the operator"), (primary.State, primary.Reason));

        backup.Forced = false;
        primary.Heard(new HeartbeatPacket(DirectorRole.Backup, DirectorState.Active, 2, s_start.AddSeconds(1)), s_start.AddSeconds(1));
        primary.Evaluate(s_start.AddSeconds(1));

        Assert.Equal(DirectorState.Active, primary.State);
    }
}

public class DirectorStateMachineSettingsTests
{
    private static readonly DateTimeOffset s_start = Machines.Start;

    [Fact]
    public void Deadtime_ChangedInPlace_AppliesToTheNextEvaluation_WithoutStartingOver()
    {
        var backup = Machines.New(DirectorRole.Backup);
        backup.Heard(new HeartbeatPacket(DirectorRole.Primary, DirectorState.Active, 1, s_start.AddSeconds(1)), s_start.AddSeconds(1));
        backup.Evaluate(s_start.AddSeconds(4));
        var before = backup.State;

        backup.Follow(Machines.Plan(DirectorRole.Backup, deadtime: 2), hasKey: true, s_start.AddSeconds(4));
        backup.Evaluate(s_start.AddSeconds(4));

        Assert.Equal((DirectorState.Standby, DirectorState.Active), (before, backup.State));
        Assert.Equal("peer silent on every path for more than 2 s", backup.Reason);
    }
}
