using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Tests.Dataplane.Userspace;

/// <summary>The UDP timeout as the userspace proxy uses it: how long an idle flow keeps its socket and its destination.</summary>
public sealed class UdpTimeoutTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new();
    private readonly UdpBackends _backends = new("a");
    private readonly UserspaceDataplane _dataplane;
    private readonly int _port = UdpBackends.FreePort();

    public UdpTimeoutTests() => _dataplane = new UserspaceDataplane(_clock);

    public async Task InitializeAsync()
    {
        var service = new IpvsService(IpvsServiceKey.ForAddress(TransportProtocol.Udp, IPAddress.Loopback, _port), "rr", 0, 0, 32,
            [new IpvsDestination(IPAddress.Loopback, _backends.Port(0), IpvsForwarding.Masquerade, 1)]);
        await _dataplane.ApplyAsync(IpvsPlanner.Plan([], [service], new HashSet<IpvsServiceKey>()), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _dataplane.DisposeAsync();
        await _backends.DisposeAsync();
    }

    private async Task<uint> ActiveFlowsAsync() => Assert.Single(await _dataplane.ReadStatusAsync(CancellationToken.None)).Destinations[0].ActiveConnections;

    [Fact]
    public async Task IdleFlow_EndsOnlyAfterTheUdpTimeout()
    {
        await _dataplane.SetTimeoutsAsync(new IpvsTimeouts(900, 120, 20), CancellationToken.None);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await UdpBackends.AskAsync(client, _port, "ping");

        _clock.Advance(TimeSpan.FromSeconds(15));
        var afterFifteen = await ActiveFlowsAsync();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var afterTwentyFive = await ActiveFlowsAsync();

        Assert.Equal((1u, 0u), (afterFifteen, afterTwentyFive));
    }

    [Fact]
    public async Task Timeouts_ReadBackAsSet_AndZeroRefused()
    {
        await _dataplane.SetTimeoutsAsync(new IpvsTimeouts(600, 60, 30), CancellationToken.None);

        var error = await Assert.ThrowsAsync<DataplaneException>(() => _dataplane.SetTimeoutsAsync(new IpvsTimeouts(600, 0, 30), CancellationToken.None));

        Assert.Equal(new IpvsTimeouts(600, 60, 30), await _dataplane.ReadTimeoutsAsync(CancellationToken.None));
        Assert.Contains("tcp 600 tcpfin 0 udp 30", error.Message);
    }
}
