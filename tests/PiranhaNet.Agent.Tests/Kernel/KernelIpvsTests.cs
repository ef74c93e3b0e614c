using System.Diagnostics;

namespace PiranhaNet.Agent.Tests.Kernel;

/// <summary>
/// The kernel IPVS dataplane against the real Linux IPVS code: boots the test VM (tests/vm) and runs
/// PiranhaNet.Agent.KernelChecks inside it as root. Fails, never skips, when the VM is not prepared.
/// </summary>
public sealed class KernelIpvsTests
{
    private static readonly TimeSpan VmTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Every_kernel_check_passes_inside_the_vm()
    {
        var root = RepositoryRoot();
        var cache = Environment.GetEnvironmentVariable("PIRANHANET_VM_CACHE") ?? "/var/cache/piranhanet-vm";
        Assert.True(File.Exists(Path.Combine(cache, "vmlinux")),
            $"no test VM in {cache}: run tests/vm/prepare as root (scripts/test does) to install QEMU and fetch the kernel");
        // The checks were built beside this assembly's configuration (bin/<Configuration>/net10.0).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var checks = Path.Combine(root, "tests", "PiranhaNet.Agent.KernelChecks", "bin", configuration, "net10.0", "PiranhaNet.Agent.KernelChecks.dll");
        Assert.True(File.Exists(checks), $"{checks} is not built");

        var script = Path.Combine(Path.GetTempPath(), $"piranhanet-kernel-checks-{Guid.NewGuid():N}.sh");
        var inVm = Path.Combine(root, "tests", "PiranhaNet.Agent.KernelChecks", "run-in-vm.sh");
        await File.WriteAllTextAsync(script, $"exec sh '{inVm}' '{checks}'\n");
        try
        {
            var (exitCode, output) = await RunAsync(Path.Combine(root, "tests", "vm", "run"), script);
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var announced = lines.Where(l => l.StartsWith("CHECKS ", StringComparison.Ordinal)).Select(l => int.Parse(l[7..])).SingleOrDefault();
            var passed = lines.Count(l => l.StartsWith("PASS ", StringComparison.Ordinal));
            Assert.True(exitCode == 0 && announced > 0 && passed == announced,
                $"VM exit {exitCode}, {passed} of {announced} checks passed:\n{output}");
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(program, [argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(VmTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the VM did not finish within {VmTimeout}:\n{await output}{await errors}");
        }
        return (process.ExitCode, await output + await errors);
    }

    // tests/PiranhaNet.Agent.Tests/bin/<Configuration>/net10.0 is five levels below the checkout.
    private static string RepositoryRoot()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        Assert.True(File.Exists(Path.Combine(root, "PiranhaNet.sln")), $"no checkout at {root}");
        return root;
    }
}
