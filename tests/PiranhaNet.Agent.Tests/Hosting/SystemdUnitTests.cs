using PiranhaNet.Agent.Hosting;
using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Hosting;

/// <summary>The agent's systemd unit (deploy/systemd) against the agent itself: its command line parses and passes the checks at start.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    private readonly string _credentials = Directory.CreateTempSubdirectory("piranhanet-credentials-").FullName;

    public void Dispose() => Directory.Delete(_credentials, recursive: true);

    [Fact]
    public void AgentUnit_ExecStart_IsACommandLineTheAgentTakes_WithTheTokenFromItsCredential()
    {
        File.WriteAllText(Path.Combine(_credentials, "token"), "from-the-credential\n");
        var unit = SystemdUnit.Read("piranhanet-agent.service");
        var args = unit.ExecStartArguments(new Dictionary<string, string>
        {
            ["${PIRANHANET_CONTROLLER}"] = "http://dashboard.example:3636", ["%d"] = _credentials, ["%H"] = "lvs1",
        });

        var parsed = AgentCommandLine.Parse(args, out var read);
        var options = read();

        Assert.Empty(parsed.Errors);
        Assert.True(new AgentOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(("from-the-credential", "lvs1", "/var/lib/piranhanet-agent"), (options.Token, options.Name, options.StateDirectory));
        // Its state directory is the one systemd creates for it.
        Assert.Equal(["piranhanet-agent"], unit.Values("StateDirectory"));
    }

    [Fact]
    public void AgentUnit_RunsUnprivilegedWithTheNetworkCapabilitiesAlone_AndTellsSystemdWhenReady()
    {
        var unit = SystemdUnit.Read("piranhanet-agent.service");

        Assert.Equal(["CAP_NET_ADMIN CAP_NET_RAW CAP_NET_BIND_SERVICE"], unit.Values("AmbientCapabilities"));
        Assert.Equal(unit.Values("AmbientCapabilities"), unit.Values("CapabilityBoundingSet"));
        Assert.Equal(["yes"], unit.Values("DynamicUser"));
        Assert.Equal(["notify"], unit.Values("Type"));
    }
}
