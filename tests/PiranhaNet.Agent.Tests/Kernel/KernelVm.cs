using System.Diagnostics;

namespace PiranhaNet.Agent.Tests.Kernel;

/// <summary>
/// One boot of the test VM (tests/vm) for all the kernel checks: runs PiranhaNet.Agent.KernelChecks inside it as root
/// and keeps each check's PASS or FAIL line. When the VM is not prepared or does not finish, every check fails with
/// that reason; none is skipped.
/// </summary>
public sealed class KernelVm : IAsyncLifetime
{
    // The checks take about 5 minutes on 2 cores (the emulated CPU starts each agent in a minute or so): the VM gets
    // 8 (VM_TIMEOUT), this wait 9, so a slower machine still finishes and a hung VM still ends.
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(9);
    private const string VmSeconds = "480";

    /// <summary>Each check's result by name: passed, or the reason it failed.</summary>
    public IReadOnlyDictionary<string, (bool Passed, string Detail)> Results { get; private set; } = new Dictionary<string, (bool, string)>();

    /// <summary>Why the VM run as a whole went wrong, with its output; null when it ran to the end.</summary>
    public string? Problem { get; private set; }

    public async Task InitializeAsync()
    {
        var root = PiranhaNet.Netns.Checkout.Root;
        var cache = Environment.GetEnvironmentVariable("PIRANHANET_VM_CACHE") ?? "/var/cache/piranhanet-vm";
        if (!File.Exists(Path.Combine(cache, "vmlinux")))
        {
            Problem = $"no test VM in {cache}: run tests/vm/prepare as root (scripts/test does) to install QEMU and fetch the kernel";
            return;
        }
        // The checks were built beside this assembly, in its configuration.
        var checks = Path.Combine(root, "tests", "PiranhaNet.Agent.KernelChecks", "bin", PiranhaNet.Netns.Checkout.Configuration, "net10.0",
            "PiranhaNet.Agent.KernelChecks.dll");
        if (!File.Exists(checks))
        {
            Problem = $"{checks} is not built";
            return;
        }
        var script = Path.Combine(Path.GetTempPath(), $"piranhanet-kernel-checks-{Guid.NewGuid():N}.sh");
        var inVm = Path.Combine(root, "tests", "PiranhaNet.Agent.KernelChecks", "run-in-vm.sh");
        await File.WriteAllTextAsync(script, $"exec sh '{inVm}' '{checks}'\n");
        try
        {
            var (exitCode, output) = await RunAsync(Path.Combine(root, "tests", "vm", "run"), script);
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Results = lines.Where(l => l.StartsWith("PASS ", StringComparison.Ordinal) || l.StartsWith("FAIL ", StringComparison.Ordinal))
                .Select(l => l.StartsWith("PASS ", StringComparison.Ordinal)
                    ? (Name: l[5..], Passed: true, Detail: "")
                    : (Name: l[5..].Split(':')[0], Passed: false, Detail: l[5..]))
                .GroupBy(r => r.Name).ToDictionary(g => g.Key, g => (g.Last().Passed, g.Last().Detail));
            var announced = lines.Where(l => l.StartsWith("CHECKS ", StringComparison.Ordinal)).Select(l => int.Parse(l[7..])).SingleOrDefault();
            if (announced == 0 || Results.Count != announced)
            {
                Problem = $"the VM stopped early (exit {exitCode}, {Results.Count} of {announced} checks reported):\n{output}";
            }
        }
        catch (TimeoutException e)
        {
            Problem = e.Message;
        }
        finally
        {
            File.Delete(script);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(program, [argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["VM_TIMEOUT"] = VmSeconds },
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the VM did not finish within {s_timeout}:\n{await output}{await errors}");
        }
        return (process.ExitCode, await output + await errors);
    }
}
