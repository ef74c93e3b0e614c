using PiranhaNet.Agent.Health;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Tests.Health;

/// <summary>The health state machine on a hand-moved clock: fall, rise, re-entry and the weight ramp.</summary>
public class RealServerHealthTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly ProbeResult s_pass = ProbeResult.Up();
    private static readonly ProbeResult s_fail = ProbeResult.Down("connection refused");

    private static DateTimeOffset At(int seconds) => s_start.AddSeconds(seconds);

    [Fact]
    public void Fall_OneLostCheckOfThree_DoesNotTakeItDown()
    {
        var health = new RealServerHealth(fall: 3, rise: 1, TimeSpan.Zero, weight: 5, s_start);

        var changes = new[] { health.Record(s_fail, At(1)), health.Record(s_fail, At(2)), health.Record(s_pass, At(3)), health.Record(s_fail, At(4)) };

        Assert.Equal((HealthState.Up, 5), (health.State, health.Weight));
        Assert.DoesNotContain(true, changes);
        Assert.Equal("connection refused", health.Detail);
    }

    [Fact]
    public void Fall_ThirdFailureInARow_TakesItDownWithTheError()
    {
        var health = new RealServerHealth(fall: 3, rise: 1, TimeSpan.Zero, weight: 5, s_start);

        health.Record(s_fail, At(1));
        health.Record(s_fail, At(2));
        var changed = health.Record(ProbeResult.Down("HTTP 503"), At(3));

        Assert.True(changed);
        Assert.Equal((HealthState.Down, 0, "HTTP 503", At(3)), (health.State, health.Weight, health.Detail, health.Since));
    }

    [Fact]
    public void Reentry_NeedsContinuousHealthForItsWholeTime()
    {
        var health = new RealServerHealth(fall: 1, rise: 2, TimeSpan.FromSeconds(30), weight: 1, s_start);
        health.Record(s_fail, At(1));

        health.Record(s_pass, At(10));
        var afterOnePass = health.State;
        health.Record(s_pass, At(20));   // rise reached: entering from t=20
        health.Record(s_pass, At(40));
        var beforeReentry = health.State;
        health.Record(s_fail, At(45));   // a failure while entering starts over
        var afterFailure = health.State;
        health.Record(s_pass, At(50));
        health.Record(s_pass, At(60));   // entering again from t=60
        var reentersAt = health.ReentersAt;
        health.Record(s_pass, At(90));

        Assert.Equal((HealthState.Down, HealthState.Entering, HealthState.Down), (afterOnePass, beforeReentry, afterFailure));
        Assert.Null(health.ReentersAt);
        Assert.Equal((HealthState.Up, 1, At(90)), (health.State, health.Weight, health.Since));
        Assert.Equal(At(90), reentersAt);
    }

    [Fact]
    public void Ramp_StartsAtOneAndDoublesEachCheckUpToTheConfiguredWeight()
    {
        var health = new RealServerHealth(fall: 1, rise: 1, TimeSpan.Zero, weight: 10, s_start);
        health.Record(s_fail, At(1));

        var weights = new List<int>();
        for (var second = 2; second <= 7; second++)
        {
            health.Record(s_pass, At(second));
            weights.Add(health.Weight);
        }

        Assert.Equal([1, 2, 4, 8, 10, 10], weights);
        Assert.Equal(HealthState.Up, health.State);
    }

    [Fact]
    public void DynamicWeight_UpServerTakesTheWeightItsCheckSetUntilACheckSetsNone()
    {
        var health = new RealServerHealth(fall: 1, rise: 1, TimeSpan.Zero, weight: 4, s_start);

        var changed = health.Record(ProbeResult.UpAt(9, "exit code 11: weight 9"), s_start.AddSeconds(1));
        var unchanged = health.Record(ProbeResult.UpAt(9, "exit code 11: weight 9"), s_start.AddSeconds(2));
        var drained = health.Record(ProbeResult.UpAt(0, "exit code 2: weight 0"), s_start.AddSeconds(3));
        var drainedWeight = health.Weight;
        health.Record(ProbeResult.Up("exit code 0"), s_start.AddSeconds(4));

        Assert.Equal((true, false, true), (changed, unchanged, drained));
        Assert.Equal((HealthState.Up, 0), (health.State, drainedWeight));
        Assert.Equal(4, health.Weight);
    }

    [Fact]
    public void Reconfigure_NewWeightWhileUp_KeepsTheStateAndTakesTheWeight()
    {
        var health = new RealServerHealth(fall: 1, rise: 1, TimeSpan.Zero, weight: 4, s_start);

        health.Reconfigure(2, 1, TimeSpan.Zero, newWeight: 7);

        Assert.Equal((HealthState.Up, 7, s_start), (health.State, health.Weight, health.Since));
    }
}
