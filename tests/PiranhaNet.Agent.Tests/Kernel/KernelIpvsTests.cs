using PiranhaNet.Agent.KernelChecks;

namespace PiranhaNet.Agent.Tests.Kernel;

/// <summary>
/// The kernel IPVS dataplane against the real Linux IPVS code, one test result per check: the VM (tests/vm) boots once
/// for all of them (<see cref="KernelVm"/>) and runs PiranhaNet.Agent.KernelChecks inside it as root. Fails, never
/// skips, when the VM is not prepared.
/// </summary>
public sealed class KernelIpvsTests(KernelVm vm) : IClassFixture<KernelVm>
{
    /// <summary>Every check the checks program knows.</summary>
    public static TheoryData<string> Checks => [.. KernelIpvsChecks.All.Select(check => check.Name)];

    [Theory]
    [MemberData(nameof(Checks))]
    public void KernelCheck_PassesInsideTheVm(string check)
    {
        Assert.True(vm.Problem is null, vm.Problem);
        Assert.True(vm.Results.TryGetValue(check, out var result), $"the check {check} did not report");
        Assert.True(result.Passed, result.Detail);
    }
}
