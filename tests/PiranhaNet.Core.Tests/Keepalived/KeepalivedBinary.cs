using System.Diagnostics;

namespace PiranhaNet.Core.Tests.Keepalived;

/// <summary>
/// Debian's keepalived, run on a file with its own configuration test (<c>keepalived --config-test -f FILE</c>, which
/// exits 0 only when it has nothing to say). It checks that every interface named exists, so it runs in a network
/// namespace of this test process's own with veth interfaces eth0 to eth3 (removed when the process ends). scripts/test
/// installs keepalived and runs as root; without either these tests fail and say so.
/// </summary>
internal static class KeepalivedBinary
{
    private static readonly string? s_path = new[] { "/usr/sbin/keepalived", "/sbin/keepalived", "/usr/local/sbin/keepalived" }.FirstOrDefault(File.Exists);
    private static readonly Lazy<string> s_namespace = new(CreateNamespace);

    /// <summary>What keepalived said of <paramref name="file"/>: its exit code and output.</summary>
    public static (int Code, string Output) ConfigTest(string file)
    {
        Assert.True(s_path is not null, "keepalived is not installed: scripts/test installs Debian's package (apt-get install keepalived)");
        return Run("ip", ["netns", "exec", s_namespace.Value, s_path!, "--config-test", "-f", file]);
    }

    private static string CreateNamespace()
    {
        Assert.True(Environment.UserName == "root", "keepalived's config test runs in a network namespace with eth0..eth3, which needs root (CI runs as root)");
        var name = $"piranhanet-ka-{Environment.ProcessId}";
        Run("ip", ["netns", "del", name]);
        Check(Run("ip", ["netns", "add", name]), "ip netns add");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run("ip", ["netns", "del", name]);
        for (var i = 0; i < 4; i++)
        {
            Check(Run("ip", ["-n", name, "link", "add", $"eth{i}", "type", "veth", "peer", "name", $"peer{i}"]), $"creating eth{i}");
            Check(Run("ip", ["-n", name, "link", "set", $"eth{i}", "up"]), $"bringing eth{i} up");
        }
        return name;
    }

    private static void Check((int Code, string Output) result, string what) =>
        Assert.True(result.Code == 0, $"{what} for keepalived's namespace failed ({result.Code}): {result.Output}");

    private static (int Code, string Output) Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within 20 s");
        }
        return (process.ExitCode, error.Result + output.Result);
    }
}
