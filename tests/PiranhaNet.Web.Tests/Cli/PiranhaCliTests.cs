using System.Diagnostics;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Web.Cli;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Cli;

public sealed class PiranhaCliTests : CliTestBase
{
    private const string Valid = "network = direct\nvirtual web {\n active = 1\n address = 192.0.2.10 eth0:1\n server r1 {\n  address = 192.0.2.21\n  active = 1\n }\n}\n";
    private const string Invalid = "network = direct\nvirtual web {\n address = 192.0.2.300\n port = 70000\n}\n";

    [Fact]
    public async Task Check_ValidFile_Exits0WithSummary()
    {
        var path = Write("good.cf", Valid);

        var (code, output, error) = await RunAsync("check", path);

        Assert.Equal((0, $"{path}: OK (lvs, direct, 1 virtual server, 1 real server)\n", ""), (code, output, error));
    }

    [Fact]
    public async Task Check_InvalidFile_Exits1WithOneLocatedLinePerProblem()
    {
        var path = Write("bad.cf", Invalid);

        var (code, output, error) = await RunAsync("check", path);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal(
            $"{path}:3:12: virtualServers[web].address: '192.0.2.300' is not an IPv4 or IPv6 address\n" +
            $"{path}:4:9: virtualServers[web].port: port 70000 is out of range 1..65535\n", error);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check", "a.cf", "b.cf")]
    [InlineData("check", "/nonexistent/lvs.cf")]
    [InlineData("convert", "x.cf", "--to", "xml")]
    [InlineData("frobnicate")]
    [InlineData("serve", "--local-dataplane", "dpdk")]
    public async Task UsageErrors_Exit2(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.NotEqual("", error);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("convert")]
    [InlineData("import")]
    [InlineData("export")]
    [InlineData("serve")]
    [InlineData("passwd")]
    public async Task Help_OnEachCommand_Exits0WithUsage(string command)
    {
        var (code, output, _) = await RunAsync(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
        Assert.Contains($" {command} ", output);
    }

    [Fact]
    public async Task Convert_ToJson_PrintsCamelCaseModel()
    {
        var (code, output, _) = await RunAsync("convert", Write("good.cf", Valid), "--to", "json");

        Assert.Equal(0, code);
        Assert.Contains("\"virtualServers\": [", output);
        Assert.Contains("\"network\": \"direct\"", output);
    }

    [Fact]
    public async Task Convert_ToLvsCf_PrintsNormalisedFile()
    {
        var (code, output, _) = await RunAsync("convert", Write("good.cf", Valid), "--to", "lvs.cf");

        Assert.Equal(0, code);
        Assert.Equal(LvsConfigWriter.Write(LvsConfigReader.Read(Valid)), output);
    }

    [Fact]
    public async Task ImportThenExport_RoundTripsThroughTheStore()
    {
        var data = Path.Combine(Temp.Path, "data");
        var target = Temp.File("out.cf");

        var imported = await RunAsync("import", Write("good.cf", Valid), "--data", data);
        var exported = await RunAsync("export", "--data", data, "-o", target);

        Assert.Equal(0, imported.Code);
        Assert.Contains("imported as version 1", imported.Out);
        Assert.Equal(0, exported.Code);
        Assert.Equal(LvsConfigWriter.Write(LvsConfigReader.Read(Valid) with { SerialNo = 1 }), File.ReadAllText(target));
    }

    [Fact]
    public async Task Import_InvalidFile_Exits1AndStoresNothing()
    {
        var data = Path.Combine(Temp.Path, "data");

        var imported = await RunAsync("import", Write("bad.cf", Invalid), "--data", data);
        var exported = await RunAsync("export", "--data", data);

        Assert.Equal(1, imported.Code);
        Assert.Contains("bad.cf:3:12:", imported.Error);
        Assert.StartsWith("serial_no = 0\n", exported.Out);
    }

    [Fact]
    public async Task Passwd_FromStandardInput_SetsThePasswordTheLoginAccepts()
    {
        var data = Path.Combine(Temp.Path, "data");
        var output = new StringWriter();

        var code = await PiranhaCli.RunAsync(["passwd", "--data", data], new CliContext(output, new StringWriter()) { In = new StringReader("a new long password\n") });

        Assert.Equal(0, code);
        Assert.Contains("admin 'piranha' created with this password", output.ToString());
        await using var store = await OpenStoreAsync(data);
        var (outcome, _, _) = await store.Accounts.LoginAsync("piranha", "a new long password", "test", CancellationToken.None);
        Assert.Equal(PiranhaNet.Web.Security.UserAccounts.LoginOutcome.Success, outcome);
    }

    [Fact]
    public async Task Passwd_TooShort_Exits1AndChangesNothing()
    {
        var error = new StringWriter();

        var code = await PiranhaCli.RunAsync(["passwd", "--data", Path.Combine(Temp.Path, "data")], new CliContext(new StringWriter(), error) { In = new StringReader("short\n") });

        Assert.Equal(1, code);
        Assert.Equal("piranhanet passwd: the password must have at least 8 characters; nothing changed\n", error.ToString());
    }

    private static Task<CliStore> OpenStoreAsync(string data) => CliStore.OpenAsync(new WebOptions { DataDirectory = data }, CancellationToken.None);

    [Fact]
    public async Task Check_AsRealProcess_ReturnsExitCodesAndStderr()
    {
        var good = Write("good.cf", Valid);
        var bad = Write("bad.cf", Invalid);

        var ok = await RunProcessAsync("check", good);
        var invalid = await RunProcessAsync("check", bad);
        var usage = await RunProcessAsync("check");

        Assert.Equal((0, 1, 2), (ok.Code, invalid.Code, usage.Code));
        Assert.StartsWith($"{bad}:3:12: ", invalid.Error);
    }

    [Fact]
    public async Task Check_ThroughDotnetRunFromAnotherDirectory_ResolvesTheFileFromThere()
    {
        Write("relative.cf", Valid);
        var project = Path.Combine(RepositoryPaths.Root, "src", "Web");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif

        var result = await RunProcessAsync(Temp.Path, ["run", "--no-build", "-c", configuration, "--project", project, "--", "check", "relative.cf"]);

        Assert.Equal((0, "relative.cf: OK (lvs, direct, 1 virtual server, 1 real server)\n"), (result.Code, result.Out));
    }

    [Fact]
    public async Task Help_WithTheStoreInTheEnvironment_NeverShowsIt()
    {
        var result = await RunProcessWithStoreAsync("postgres://piranha:topsecret@db1/lvs", "serve", "--help");

        Assert.Equal(0, result.Code);
        Assert.Contains("--store", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", result.Out + result.Error, StringComparison.Ordinal);
    }

    // The variable is set for a child process only: the tests in this process run side by side.
    private static Task<(int Code, string Out, string Error)> RunProcessWithStoreAsync(string store, params string[] args) =>
        RunProcessAsync(Environment.CurrentDirectory, [Path.Combine(AppContext.BaseDirectory, "piranhanet.dll"), .. args], store);

    private static Task<(int Code, string Out, string Error)> RunProcessAsync(params string[] args) =>
        RunProcessAsync(Environment.CurrentDirectory, [Path.Combine(AppContext.BaseDirectory, "piranhanet.dll"), .. args]);

    private static async Task<(int Code, string Out, string Error)> RunProcessAsync(string workingDirectory, string[] args, string? store = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        if (store is not null)
        {
            start.Environment["Store__ConnectionString"] = store;
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
