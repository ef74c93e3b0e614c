using System.Net;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Redundancy;

/// <summary>
/// A cluster director's state on a given clock, as lvs2 of <see cref="ClusterConfigs"/> (keepalive 0.5 s, dead time
/// 2 s, warntime 1 s, initdead 10 s; group a prefers lvs1 and fails back, group b prefers lvs2 and does not).
/// </summary>
public class ClusterMachineTests
{
    private static readonly LvsConfig s_config = LvsConfigReader.Read(ClusterConfigs.Text);
    private static readonly DateTimeOffset s_start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly ClusterMachine _machine = new();
    private readonly ClusterPlan _plan = ClusterPlan.For(s_config, new HashSet<IPAddress> { IPAddress.Parse("192.0.2.2") });
    private ulong _sequence;

    public ClusterMachineTests() => _machine.Follow(_plan, s_start);

    private static DateTimeOffset At(double seconds) => s_start.AddSeconds(seconds);

    private void Hear(string from, double at, MemberCondition condition = MemberCondition.Online, params string[] holds) =>
        _machine.Heard(new ClusterHeartbeat(from, condition, true, ++_sequence, At(at), _plan.Layout, holds.Select(_plan.GroupIndex).ToHashSet()), At(at));

    private static string[] Groups(IEnumerable<ClusterMachine.GroupChange> changes) => [.. changes.Select(c => c.Group)];

    [Fact]
    public void Plan_KnowsItsNameAndAPathToEachOtherDirector()
    {
        Assert.Equal("lvs2", _plan.Self);
        Assert.Equal(["lvs1", "lvs3"], _plan.Peers.Select(p => p.Name));
        Assert.Equal(["192.0.2.10/32 on eth0:1 (virtual server web)"], _plan.Addresses["a"].Select(a => a.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(10), _plan.InitDead);
    }

    [Fact]
    public void Starting_BeforeInitDeadEnds_TakesNothingAnUnheardDirectorMayHold()
    {
        Hear("lvs3", 0.5);

        var decision = _machine.Step(At(1));

        Assert.Empty(decision.Take);
        Assert.Equal("waiting to hear lvs1 (initdead)", decision.Election.Groups[1].Reason);
    }

    [Fact]
    public void AfterInitDead_WithoutTheMostPreferred_TakesBothGroups()
    {
        Hear("lvs3", 10.5);

        var decision = _machine.Step(At(10.6));

        Assert.Equal(["a", "b"], Groups(decision.Take));
        Assert.Equal(new HashSet<int> { 0, 1 }, _machine.HeldIndexes());
    }

    [Fact]
    public void PreferredReturns_HandsOverOnlyOnceItHasTakenTheGroup()
    {
        Hear("lvs3", 10.5);
        _machine.Step(At(10.6));

        Hear("lvs1", 11);
        Assert.Empty(_machine.Step(At(11)).Release);   // lvs1 is to run a, but has not taken it yet
        Hear("lvs1", 11.5, MemberCondition.Online, "a");
        var decision = _machine.Step(At(11.5));

        var released = Assert.Single(decision.Release);
        Assert.Equal(("a", "lvs1 has taken it over (lvs1 is its most preferred director)"), (released.Group, released.Reason));
        Assert.Equal(["b"], _machine.Held);
    }

    [Fact]
    public void LosingQuorum_ReleasesHalfAKeepaliveBeforeTheDeadTime()
    {
        Hear("lvs1", 10, MemberCondition.Online, "a");
        Hear("lvs3", 10);
        Assert.Equal(["b"], Groups(_machine.Step(At(10)).Take));

        var decision = _machine.Step(At(11.8));   // both silent for more than 2 - 0.25 s

        Assert.Equal(["b"], Groups(decision.Release));
        Assert.Equal("no quorum: hears 1 of 3 directors, needs 2", decision.Release[0].Reason);
    }

    [Fact]
    public void Majority_TakesASilentDirectorsGroupAKeepaliveAfterTheDeadTime()
    {
        Hear("lvs1", 10, MemberCondition.Online, "a");
        Hear("lvs3", 10);
        _machine.Step(At(10));
        for (var at = 10.5; at <= 12.5; at += 0.5)
        {
            Hear("lvs3", at);
        }

        var atDeadTime = _machine.Step(At(12.4));
        var afterIt = _machine.Step(At(12.6));

        Assert.Empty(atDeadTime.Take);
        Assert.Equal(["a"], Groups(afterIt.Take));
        Assert.Contains("lvs1 silent on every path for more than 2.5 s", afterIt.Notices);
    }

    [Fact]
    public void LateHeartbeat_IsANoticeOnce_NotAFailover()
    {
        Hear("lvs1", 10, MemberCondition.Online, "a");
        Hear("lvs3", 10);
        _machine.Step(At(10));

        var late = _machine.Step(At(11.2));
        var later = _machine.Step(At(11.4));

        Assert.Contains("late heartbeat from lvs1: 1200 ms since the last (warntime 1 s)", late.Notices);
        Assert.DoesNotContain(later.Notices, n => n.StartsWith("late heartbeat from lvs1", StringComparison.Ordinal));
        Assert.Empty(late.Release);
        Assert.Equal(["b"], _machine.Held);
    }

    [Fact]
    public void Draining_HandsEachGroupOver_ThenPauses()
    {
        Hear("lvs1", 10, MemberCondition.Online, "a");
        Hear("lvs3", 10);
        _machine.Step(At(10));
        _machine.Draining = true;

        Assert.Empty(_machine.Step(At(10.1)).Release);
        Hear("lvs3", 10.5, MemberCondition.Online, "b");
        Hear("lvs1", 10.5, MemberCondition.Online, "a");
        var decision = _machine.Step(At(10.5));

        Assert.Equal(["b"], Groups(decision.Release));
        Assert.Contains("drained: every group is with another director; paused", decision.Notices);
        Assert.Equal(MemberCondition.Paused, _machine.Condition);
    }

    [Fact]
    public void Stopped_ReleasesAtOnce()
    {
        Hear("lvs1", 10, MemberCondition.Online, "a");
        Hear("lvs3", 10);
        _machine.Step(At(10));
        _machine.Stopped = true;

        Assert.Equal(["b"], Groups(_machine.Step(At(10.1)).Release));
        Assert.Equal(MemberCondition.Stopped, _machine.Condition);
    }

    [Fact]
    public void AnotherLayout_IsHeardButItsGroupsAreNotRead()
    {
        _machine.Heard(new ClusterHeartbeat("lvs1", MemberCondition.Online, true, 1, At(10), _plan.Layout + 1, new HashSet<int> { 0, 1 }), At(10));
        Hear("lvs3", 10);

        var decision = _machine.Step(At(10));

        Assert.Contains("lvs1 has other failover groups (another configuration version?): what it holds is not read until it has these", decision.Notices);
        Assert.Equal(["b"], Groups(decision.Take));   // a is lvs1's by preference; b is nobody's as far as this director can read
    }

    [Fact]
    public void Heartbeat_EncodeDecode_KeepsEveryField_AndRefusesAnotherKey()
    {
        var key = new byte[32];
        var packet = new ClusterHeartbeat("lvs-west.1", MemberCondition.Draining, false, 42, At(1), 0xdeadbeef, new HashSet<int> { 0, 7, 8, 255 }, 5, 6, 7);

        var decoded = ClusterHeartbeat.TryDecode(packet.Encode(key), key, out _);
        var refused = ClusterHeartbeat.TryDecode(packet.Encode(key), new byte[] { 1 }, out var error);

        Assert.NotNull(decoded);
        Assert.Equal((packet.Sender, packet.Condition, packet.HasQuorum, packet.Sequence, packet.Time, packet.Layout, packet.Stamp, packet.EchoStamp, packet.EchoHeldMicroseconds),
            (decoded.Sender, decoded.Condition, decoded.HasQuorum, decoded.Sequence, decoded.Time, decoded.Layout, decoded.Stamp, decoded.EchoStamp, decoded.EchoHeldMicroseconds));
        Assert.Equal([0, 7, 8, 255], decoded.Held.Order());
        Assert.Null(refused);
        Assert.Equal("authentication failed (wrong key or altered packet)", error);
        Assert.Equal(ClusterHeartbeat.Length, packet.Encode(key).Length);
    }
}
