using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Core.Tests.Redundancy;

/// <summary>Active or standby from the peer's heartbeats, on a hand-moved clock (deadtime 5 s, as Piranha's default).</summary>
public class DirectorStateMachineTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_deadtime = TimeSpan.FromSeconds(5);

    private static DateTimeOffset At(double seconds) => s_start.AddSeconds(seconds);

    private static HeartbeatPacket From(DirectorRole role, DirectorState state, double seconds) => new(role, state, (ulong)(seconds * 1000), At(seconds));

    [Fact]
    public void Backup_PrimarySilentOnEveryPath_TakesOverAfterTheDeadTime()
    {
        var backup = new DirectorStateMachine(DirectorRole.Backup, autoFailback: true, s_deadtime, s_start);
        backup.Heard(From(DirectorRole.Primary, DirectorState.Active, 1), At(1));
        backup.Heard(From(DirectorRole.Primary, DirectorState.Active, 1), At(1));

        backup.Evaluate(At(5.9));
        var beforeDeadtime = backup.State;
        var changed = backup.Evaluate(At(6.1));

        Assert.Equal((DirectorState.Standby, true, DirectorState.Active), (beforeDeadtime, changed, backup.State));
        Assert.Equal("peer silent on every path for more than 5 s", backup.Reason);
    }

    // Which path carries them is the link's business (one path cut is tested there and in the failover tests).
    [Fact]
    public void Backup_HeartbeatsKeepComing_LongAfterTheDeadTime_StaysStandby()
    {
        var backup = new DirectorStateMachine(DirectorRole.Backup, autoFailback: true, s_deadtime, s_start);
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
        var eager = new DirectorStateMachine(DirectorRole.Primary, autoFailback: true, s_deadtime, s_start);
        var patient = new DirectorStateMachine(DirectorRole.Primary, autoFailback: false, s_deadtime, s_start);
        foreach (var primary in new[] { eager, patient })
        {
            primary.Heard(From(DirectorRole.Backup, DirectorState.Active, 1), At(1));
            primary.Evaluate(At(1));
        }
        var backup = new DirectorStateMachine(DirectorRole.Backup, autoFailback: false, s_deadtime, s_start);
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
        var backup = new DirectorStateMachine(DirectorRole.Backup, autoFailback: true, s_deadtime, s_start);
        backup.Evaluate(At(6));   // nobody heard since start: active
        backup.Heard(From(DirectorRole.Primary, DirectorState.Active, 7), At(7));

        var changed = backup.Evaluate(At(7));

        Assert.Equal((true, DirectorState.Standby, "primary is active"), (changed, backup.State, backup.Reason));
    }

    [Fact]
    public void StoppedOrFault_OverrideEverything_AndThePeerTakesOver()
    {
        var primary = new DirectorStateMachine(DirectorRole.Primary, autoFailback: true, s_deadtime, s_start) { Fault = "link eth0 has no carrier" };
        var backup = new DirectorStateMachine(DirectorRole.Backup, autoFailback: true, s_deadtime, s_start);
        primary.Evaluate(At(1));
        backup.Heard(new HeartbeatPacket(DirectorRole.Primary, primary.State, 1, At(1)), At(1));
        backup.Evaluate(At(1));

        Assert.Equal(DirectorState.Fault, primary.State);
        Assert.Equal((DirectorState.Active, "peer is fault"), (backup.State, backup.Reason));
    }
}

public class DirectorStateMachineForcedTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BackupMadeActive_PrimaryWithAutoFailbackYields_UntilReleased()
    {
        var deadtime = TimeSpan.FromSeconds(5);
        var backup = new DirectorStateMachine(DirectorRole.Backup, autoFailback: true, deadtime, s_start) { Forced = true };
        var primary = new DirectorStateMachine(DirectorRole.Primary, autoFailback: true, deadtime, s_start);
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
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deadtime_ChangedInPlace_AppliesToTheNextEvaluation_WithoutStartingOver()
    {
        var backup = new DirectorStateMachine(DirectorRole.Backup, autoFailback: true, TimeSpan.FromSeconds(5), s_start);
        backup.Heard(new HeartbeatPacket(DirectorRole.Primary, DirectorState.Active, 1, s_start.AddSeconds(1)), s_start.AddSeconds(1));
        backup.Evaluate(s_start.AddSeconds(4));
        var before = backup.State;

        backup.Deadtime = TimeSpan.FromSeconds(2);
        backup.Evaluate(s_start.AddSeconds(4));

        Assert.Equal((DirectorState.Standby, DirectorState.Active), (before, backup.State));
        Assert.Equal("peer silent on every path for more than 2 s", backup.Reason);
    }
}
