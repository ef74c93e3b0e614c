using PiranhaNet.Core.Model;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Redundancy;

/// <summary>
/// The election on the three-director cluster of <see cref="ClusterConfigs"/>: group a prefers lvs1, lvs2, lvs3 and
/// fails back; group b prefers lvs2, lvs3, lvs1 and does not.
/// </summary>
public class ClusterElectionTests
{
    private static readonly ClusterTopology s_cluster = ClusterTopology.Of(LvsConfigReader.Read(ClusterConfigs.Text));
    private static readonly Dictionary<string, string> s_noMoves = [];

    // Each director: "alive"/"dead"/"unknown", its condition, the groups it holds.
    private static Dictionary<string, MemberView> Views(params (string Name, MemberLiveness Liveness, MemberCondition Condition, string[] Holds)[] views) =>
        views.ToDictionary(v => v.Name, v => new MemberView(v.Name, v.Liveness, v.Condition, v.Holds.ToHashSet()));

    private static (string Name, MemberLiveness, MemberCondition, string[]) Up(string name, params string[] holds) => (name, MemberLiveness.Alive, MemberCondition.Online, holds);

    private static (string Name, MemberLiveness, MemberCondition, string[]) Down(string name) => (name, MemberLiveness.Dead, MemberCondition.Online, []);

    private static string Active(ClusterElection.Result result, string group) => result.Groups.Single(g => g.Group == group).Active ?? "(none)";

    private static ClusterElection.Result Decide(string self, Dictionary<string, MemberView> views, QuorumPolicy quorum = QuorumPolicy.On,
        Dictionary<string, string>? moves = null) => ClusterElection.Decide(s_cluster, self, views, quorum, moves ?? s_noMoves);

    [Fact]
    public void Topology_OfTheClusterFile_MembersMostPreferredFirst()
    {
        Assert.Equal(["lvs1", "lvs2", "lvs3"], s_cluster.Directors.Select(d => d.Name));
        Assert.Equal([["lvs1", "lvs2", "lvs3"], ["lvs2", "lvs3", "lvs1"]], s_cluster.Groups.Select(g => g.Members));
    }

    [Fact]
    public void Topology_OfAPiranhaPair_OneGroupPrimaryThenBackup_FailbackAsAutoFailback()
    {
        var pair = ClusterTopology.Of(new LvsConfig
        {
            Global = new GlobalSettingsConfig { Primary = "192.0.2.1" },
            Redundancy = new RedundancyConfig { Enabled = true, Backup = "192.0.2.2", Heartbeat = true, AutoFailback = false },
        });

        var group = Assert.Single(pair.Groups);
        Assert.Equal((ClusterTopology.PairGroup, false), (group.Name, group.Failback));
        Assert.Equal(["primary", "backup"], group.Members);
    }

    [Fact]
    public void AllOnline_EachGroupOnItsMostPreferred_AndEveryDirectorAgrees()
    {
        var views = Views(Up("lvs1"), Up("lvs2"), Up("lvs3"));

        var answers = new[] { "lvs1", "lvs2", "lvs3" }.Select(self => Decide(self, views)).ToList();

        Assert.All(answers, r => Assert.Equal(("lvs1", "lvs2"), (Active(r, "a"), Active(r, "b"))));
    }

    [Fact]
    public void MostPreferredDies_NextTakesItsGroup_OtherGroupStays()
    {
        var result = Decide("lvs2", Views(Down("lvs1"), Up("lvs2", "b"), Up("lvs3")));

        Assert.Equal(("lvs2", "lvs2"), (Active(result, "a"), Active(result, "b")));
        Assert.Equal("lvs2 is the most preferred online director (lvs1 silent)", result.Groups[0].Reason);
    }

    [Fact]
    public void Returning_WithFailback_TakesItBack_WithoutFailback_StaysAway()
    {
        // lvs2 held both while lvs1 was away (a fails back) and lvs3 held b while lvs2 was away (b does not).
        var views = Views(Up("lvs1"), Up("lvs2", "a"), Up("lvs3", "b"));

        var result = Decide("lvs1", views);

        Assert.Equal(("lvs1", "lvs3"), (Active(result, "a"), Active(result, "b")));
        Assert.Equal("lvs3 holds it and failback is off", result.Groups[1].Reason);
    }

    [Fact]
    public void Paused_KeepsWhatItHolds_IsNeverElected_ResumingMovesNothing()
    {
        var paused = Views((("lvs1", MemberLiveness.Alive, MemberCondition.Paused, ["a"])), Up("lvs2", "b"), Up("lvs3"));
        var pausedHoldingNothing = Views((("lvs1", MemberLiveness.Alive, MemberCondition.Paused, [])), Up("lvs2", "b"), Up("lvs3"));
        var resumed = Views(Up("lvs1", "a"), Up("lvs2", "b"), Up("lvs3"));

        Assert.Equal("lvs1", Active(Decide("lvs3", paused), "a"));
        Assert.Equal("lvs2", Active(Decide("lvs3", pausedHoldingNothing), "a"));
        Assert.Equal(("lvs1", "lvs2"), (Active(Decide("lvs3", resumed), "a"), Active(Decide("lvs3", resumed), "b")));
    }

    [Fact]
    public void Draining_GivesEachGroupToTheNextPreferred()
    {
        var views = Views(("lvs1", MemberLiveness.Alive, MemberCondition.Draining, ["a"]), Up("lvs2", "b"), Up("lvs3"));

        Assert.Equal(("lvs2", "lvs2"), (Active(Decide("lvs1", views), "a"), Active(Decide("lvs1", views), "b")));
    }

    [Fact]
    public void Moved_RunsOnTheChosenDirector_EvenAgainstFailback_UntilItCannot()
    {
        var moves = new Dictionary<string, string> { ["a"] = "lvs3" };

        Assert.Equal("lvs3", Active(Decide("lvs1", Views(Up("lvs1", "a"), Up("lvs2", "b"), Up("lvs3")), moves: moves), "a"));
        // During the move both claim it: the chosen one is the holder, and the source gives way.
        Assert.Equal("lvs3", Active(Decide("lvs1", Views(Up("lvs1", "a"), Up("lvs2", "b"), Up("lvs3", "a")), moves: moves), "a"));
        Assert.Equal("lvs1", Active(Decide("lvs1", Views(Up("lvs1", "a"), Up("lvs2", "b"), Down("lvs3")), moves: moves), "a"));
    }

    [Fact]
    public void NoQuorum_ReleasesEverything_TheOtherTwoTakeOver()
    {
        // lvs1 is cut off from lvs2 and lvs3, which still hear each other.
        var alone = Decide("lvs1", Views(Up("lvs1", "a"), Down("lvs2"), Down("lvs3")));
        var majority = Decide("lvs2", Views(Down("lvs1"), Up("lvs2", "b"), Up("lvs3")));

        Assert.False(alone.HasQuorum);
        Assert.Empty(alone.HeldBy("lvs1"));
        Assert.Equal("released: no quorum: hears 1 of 3 directors, needs 2", alone.Groups[0].Reason);
        Assert.True(majority.HasQuorum);
        Assert.Equal(["a", "b"], majority.HeldBy("lvs2"));
    }

    [Fact]
    public void QuorumOff_AloneStillServes()
    {
        var alone = Decide("lvs1", Views(Up("lvs1", "a"), Down("lvs2"), Down("lvs3")), QuorumPolicy.Off);

        Assert.Equal(["a", "b"], alone.HeldBy("lvs1"));
    }

    [Fact]
    public void QuorumAuto_AppliesFromThreeDirectors()
    {
        Assert.Equal((false, true, true, false), (ClusterElection.QuorumApplies(QuorumPolicy.Auto, 2), ClusterElection.QuorumApplies(QuorumPolicy.Auto, 3),
            ClusterElection.QuorumApplies(QuorumPolicy.On, 2), ClusterElection.QuorumApplies(QuorumPolicy.Off, 16)));
    }

    [Fact]
    public void InitDead_AMemberNotHeardYetThatMayHoldIt_NobodyTakesItOnThisWord()
    {
        // lvs1 is more preferred for a (failback) and may hold b (no failback): both wait for it.
        var views = Views(("lvs1", MemberLiveness.Unknown, MemberCondition.Online, []), Up("lvs2"), Up("lvs3"));

        var result = Decide("lvs2", views);

        Assert.Equal(("(none)", "(none)"), (Active(result, "a"), Active(result, "b")));
        Assert.Equal(["waiting to hear lvs1 (initdead)", "waiting to hear lvs1 (initdead)"], result.Groups.Select(g => g.Reason));
    }

    [Fact]
    public void InitDead_ALessPreferredMemberNotHeardYet_DoesNotHoldUpAFailbackGroup()
    {
        var views = Views(Up("lvs1"), Up("lvs2"), ("lvs3", MemberLiveness.Unknown, MemberCondition.Online, []));

        Assert.Equal("lvs1", Active(Decide("lvs1", views), "a"));
    }

    [Fact]
    public void NoOnlineMember_NobodyRunsIt_AndSaysWhy()
    {
        var views = Views(Down("lvs1"), ("lvs2", MemberLiveness.Alive, MemberCondition.Fault, []), ("lvs3", MemberLiveness.Alive, MemberCondition.Stopped, []));

        var result = Decide("lvs2", views);

        Assert.Equal("(none)", Active(result, "a"));
        Assert.Equal("no director of the group is online (lvs1 silent, lvs2 fault, lvs3 stopped)", result.Groups[0].Reason);
    }

    [Fact]
    public void SplitBrainHealing_BothClaim_TheMorePreferredKeepsIt()
    {
        var result = Decide("lvs3", Views(Up("lvs1"), Up("lvs2", "b"), Up("lvs3", "b")));

        Assert.Equal("lvs2", Active(result, "b"));
    }

    [Fact]
    public void Decide_IsDeterministic_WhateverTheOrderOfTheViews()
    {
        var forward = Views(Down("lvs1"), Up("lvs2", "a"), Up("lvs3", "b"));
        var backward = Views(Up("lvs3", "b"), Up("lvs2", "a"), Down("lvs1"));

        Assert.Equal(Decide("lvs2", forward).Groups, Decide("lvs2", backward).Groups);
    }
}
