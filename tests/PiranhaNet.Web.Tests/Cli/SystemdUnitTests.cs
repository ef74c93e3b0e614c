using PiranhaNet.Netns;
using PiranhaNet.Web.Cli;

namespace PiranhaNet.Web.Tests.Cli;

/// <summary>The dashboard's systemd unit (deploy/systemd) against its command line.</summary>
public class SystemdUnitTests
{
    [Fact]
    public void DashboardUnit_ExecStart_ServesFromTheStateDirectory_WithoutALocalAgent()
    {
        var unit = SystemdUnit.Read("piranhanet.service");
        var args = unit.ExecStartArguments(new Dictionary<string, string>());

        var parsed = PiranhaCli.Parse(args, new CliContext(TextWriter.Null, TextWriter.Null));

        Assert.Empty(parsed.Errors);
        Assert.Equal("serve", parsed.CommandResult.Command.Name);
        Assert.Contains("--no-local-agent", args);
        Assert.Equal("/var/lib/piranhanet", args[Array.IndexOf(args, "--data") + 1]);
        Assert.Equal(["piranhanet"], unit.Values("StateDirectory"));
        Assert.Equal(["notify"], unit.Values("Type"));
    }
}
