namespace PiranhaNet.Agent.Tests;

public class AgentOptionsTests
{
    [Fact]
    public void Parse_AllFlags_ReadsEveryValue()
    {
        var options = AgentOptions.Parse(
            ["--controller", "http://127.0.0.1:3636", "--token", "t0k", "--name", "lvs1", "--state-dir", "/tmp/a", "--dataplane", "userspace",
             "--notify-up", "/usr/local/bin/up %v %r", "--notify-down", "/usr/local/bin/down %v %r %s"], out var error);

        Assert.Equal("", error);
        Assert.Equal((new Uri("http://127.0.0.1:3636"), "t0k", "lvs1", "/tmp/a", DataplaneChoice.Userspace),
            (options!.Controller, options.Token, options.Name, options.StateDirectory, options.Dataplane));
        Assert.Equal(("/usr/local/bin/up %v %r", "/usr/local/bin/down %v %r %s"), (options.NotifyUp, options.NotifyDown));
    }

    [Theory]
    [InlineData("--token x", "--controller is required")]
    [InlineData("--controller http://a", "--token is required")]
    [InlineData("--controller ftp://a --token x", "--controller must be an http:// or https:// URL, not 'ftp://a'")]
    [InlineData("--controller http://a --token x --dataplane dpdk", "--dataplane must be auto, ipvs or userspace, not 'dpdk'")]
    [InlineData("--controller http://a --token", "--token needs a value")]
    [InlineData("--controller http://a --token x --verbose 1", "unknown argument '--verbose'")]
    public void Parse_BadArguments_NamesTheProblem(string args, string expected)
    {
        Assert.Null(AgentOptions.Parse(args.Split(' '), out var error));
        Assert.Equal(expected, error);
    }
}
