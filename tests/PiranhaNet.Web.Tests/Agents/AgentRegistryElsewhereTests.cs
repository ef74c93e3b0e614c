using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;

namespace PiranhaNet.Web.Tests.Agents;

/// <summary>
/// What another dashboard on the same store says of a director (issue 15), against what this dashboard knows: a director
/// connected here is shown as it reports here; one revoked here is not brought back by an older word from elsewhere;
/// one whose dashboard died shows as disconnected.
/// </summary>
public sealed class AgentRegistryElsewhereTests
{
    private readonly AgentRegistry _registry = new(TimeProvider.System, new RateHistory(TimeProvider.System), new ApplyTimings(TimeProvider.System));

    private static AgentView FromB(string name, bool connected = true) => new(name, connected, DateTimeOffset.UtcNow, 3, null, null, "b (pid 1)");

    [Fact]
    public void ReportedElsewhere_NotConnectedHere_IsShownAsTheOthers()
    {
        Assert.True(_registry.ReportedElsewhere(FromB("lvs1")));

        Assert.Equal("b (pid 1)", _registry.Views["lvs1"].Dashboard);
        Assert.True(_registry.Views["lvs1"].Connected);
    }

    [Fact]
    public void ReportedElsewhere_ConnectedHere_ChangesNothing()
    {
        _registry.Connected(new AgentRegistry.AgentSession("lvs1", new System.Net.WebSockets.ClientWebSocket()), new HelloMessage("lvs1", "userspace", 2, true));

        Assert.False(_registry.ReportedElsewhere(FromB("lvs1", connected: false)));

        Assert.Null(_registry.Views["lvs1"].Dashboard);
        Assert.True(_registry.Views["lvs1"].Connected);
        Assert.Equal(2, _registry.Views["lvs1"].AppliedVersion);
    }

    [Fact]
    public void ReportedElsewhere_AfterARevokeHere_IsNotShownUntilEnrolledAgain()
    {
        _registry.ReportedElsewhere(FromB("lvs1"));
        _registry.Revoke("lvs1");

        Assert.False(_registry.ReportedElsewhere(FromB("lvs1")));
        Assert.False(_registry.Views.ContainsKey("lvs1"));
        _registry.Enrolled(["lvs1"]);
        Assert.True(_registry.ReportedElsewhere(FromB("lvs1")));
    }

    [Fact]
    public void LostElsewhere_ShowsItDisconnected_ButNotADirectorConnectedHere()
    {
        _registry.ReportedElsewhere(FromB("lvs1"));
        _registry.Connected(new AgentRegistry.AgentSession("lvs2", new System.Net.WebSockets.ClientWebSocket()), new HelloMessage("lvs2", "userspace", 2, true));

        _registry.LostElsewhere("lvs1");
        _registry.LostElsewhere("lvs2");

        Assert.False(_registry.Views["lvs1"].Connected);
        Assert.True(_registry.Views["lvs2"].Connected);
    }
}
