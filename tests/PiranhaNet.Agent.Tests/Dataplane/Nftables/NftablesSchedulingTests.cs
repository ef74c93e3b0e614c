using PiranhaNet.Netns;

namespace PiranhaNet.Agent.Tests.Dataplane.Nftables;

/// <summary>
/// The nftables dataplane on this machine's own kernel, in network namespaces (<see cref="LoadBalancerLab"/>): real
/// connections from a client through the director to real servers, spread by each scheduler. Needs root; fails saying
/// so without it.
/// </summary>
public sealed class NftablesSchedulingTests : IAsyncLifetime
{
    private NftablesFixture _lab = null!;

    public Task InitializeAsync()
    {
        _lab = NftablesFixture.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    [Fact]
    public async Task RoundRobin_SixConnections_TwoToEachOfThreeServers()
    {
        await _lab.ApplyAsync(NftablesFixture.Tcp("rr", [1, 5, 1]));

        Assert.Equal(new Dictionary<string, int> { ["real1"] = 2, ["real2"] = 2, ["real3"] = 2 }, await _lab.DistributionAsync(LoadBalancerLab.Vip, 6));
    }
}
