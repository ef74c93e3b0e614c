using PiranhaNet.Agent.Hosting;

namespace PiranhaNet.Agent.Tests.Hosting;

/// <summary>The agent's command line (System.CommandLine) and the checks of its options at start.</summary>
public class AgentCommandLineTests
{
    private static (AgentOptions? Options, IReadOnlyList<string> Errors) Read(params string[] args)
    {
        var parsed = AgentCommandLine.Parse(args, out var read);
        if (parsed.Errors.Count > 0)
        {
            return (null, [.. parsed.Errors.Select(e => e.Message)]);
        }
        var options = read();
        var checks = new AgentOptionsValidator().Validate(null, options);
        return (options, checks.Failed ? [.. checks.Failures!] : []);
    }

    [Fact]
    public void Parse_AllFlags_ReadsEveryValue()
    {
        var (options, errors) = Read("--controller", "http://127.0.0.1:3636", "--token", "t0k", "--name", "lvs1", "--state-dir", "/tmp/a", "--dataplane", "nftables",
            "--masquerade", "--notify-up", "/usr/local/bin/up %v %r", "--notify-down", "/usr/local/bin/down %v %r %s", "--reconcile-interval", "12.5");

        Assert.Empty(errors);
        Assert.Equal((new Uri("http://127.0.0.1:3636"), "t0k", "lvs1", "/tmp/a", DataplaneChoice.Nftables, true),
            (options!.Controller, options.Token, options.Name, options.StateDirectory, options.Dataplane, options.Masquerade));
        Assert.Equal(("/usr/local/bin/up %v %r", "/usr/local/bin/down %v %r %s"), (options.NotifyUp, options.NotifyDown));
        Assert.Equal(TimeSpan.FromSeconds(12.5), options.ReconcileInterval);
    }

    [Fact]
    public void Parse_SeveralControllers_RepeatedOrCommaSeparated_InOrder()
    {
        var (options, errors) = Read("--controller", "http://a:3636,http://b:3636", "--controller", "https://c:3636", "--token", "t");

        Assert.Empty(errors);
        Assert.Equal([new Uri("http://a:3636"), new Uri("http://b:3636"), new Uri("https://c:3636")], options!.Controllers);
    }

    [Fact]
    public void Parse_OneBadControllerAmongSeveral_IsNamed()
    {
        var (_, errors) = Read("--controller", "http://a:3636, ftp://b/", "--token", "t");

        Assert.Equal(["--controller must be an http:// or https:// URL, not 'ftp://b/'"], errors);
    }

    [Fact]
    public void Parse_Defaults_AreTheDocumentedOnes()
    {
        var (options, errors) = Read("--controller", "https://dashboard:3636", "--token", "t");

        Assert.Empty(errors);
        Assert.Equal((Environment.MachineName, "/var/lib/piranhanet-agent", DataplaneChoice.Auto, TimeSpan.FromSeconds(30), false),
            (options!.Name, options.StateDirectory, options.Dataplane, options.ReconcileInterval, options.Masquerade));
    }

    [Fact]
    public void Parse_TokenFile_ReadsTheTokenFromIt()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "from-a-file\n");
        try
        {
            var (options, errors) = Read("--controller", "http://a", "--token-file", file);

            Assert.Empty(errors);
            Assert.Equal("from-a-file", options!.Token);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("--token x", "Option '--controller' is required.")]
    [InlineData("--controller http://a", "give the enrolment token with either --token or --token-file")]
    [InlineData("--controller http://a --token x --token-file /f", "give the enrolment token with either --token or --token-file")]
    [InlineData("--controller ftp://a --token x", "--controller must be an http:// or https:// URL, not 'ftp://a/'")]
    [InlineData("--controller dashboard --token x", "--controller must be an http:// or https:// URL, not 'dashboard'")]
    [InlineData("--controller http://a --token x --dataplane dpdk", "--dataplane must be auto, ipvs, nftables or userspace, not 'dpdk'")]
    [InlineData("--controller http://a --token-file /nonexistent/token", "--token (or --token-file) is required")]
    [InlineData("--controller http://a --token x --reconcile-interval -1", "--reconcile-interval must be 0 or more seconds, not -1")]
    [InlineData("--controller http://a --token x --verbose 1", "Unrecognized command or argument '--verbose'.")]
    public void Parse_BadArguments_NamesTheProblem(string args, string expected)
    {
        var (_, errors) = Read(args.Split(' '));

        Assert.Contains(expected, errors);
    }
}
