using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Tests.Dataplane.Userspace;

/// <summary>The userspace UDP proxy with real datagrams on loopback.</summary>
public sealed class UdpProxyTests : IAsyncLifetime
{
    private readonly UdpBackends _backends = new("a", "b", "c");
    private readonly UserspaceDataplane _dataplane = new(TimeProvider.System);
    private readonly int _port = UdpBackends.FreePort();

    public async Task InitializeAsync()
    {
        var service = new IpvsService(IpvsServiceKey.ForAddress(TransportProtocol.Udp, IPAddress.Loopback, _port), "rr", 0, 0, 32,
            [.. Enumerable.Range(0, 3).Select(i => new IpvsDestination(IPAddress.Loopback, _backends.Port(i), IpvsForwarding.Masquerade, 1))]);
        await _dataplane.ApplyAsync(IpvsPlanner.Plan([], [service], new HashSet<IpvsServiceKey>()), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _dataplane.DisposeAsync();
        await _backends.DisposeAsync();
    }

    [Fact]
    public async Task RoundRobin_ThreeClients_GetOneBackendEach()
    {
        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            answers.Add(await UdpBackends.AskAsync(client, _port, "ping"));
        }

        Assert.Equal(["a:ping", "b:ping", "c:ping"], answers.Order());
    }

    [Fact]
    public async Task Flow_SameClient_StaysWithItsBackend()
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await UdpBackends.AskAsync(client, _port, $"n{i}"));
        }

        Assert.Single(answers.Select(a => a[0]).Distinct());
        Assert.Equal($"{answers[0][0]}:n3", answers[3]);
    }

    [Fact]
    public async Task Status_CountsFlowsAndBytes()
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var answer = await UdpBackends.AskAsync(client, _port, "12345");

        var status = Assert.Single(await _dataplane.ReadStatusAsync(CancellationToken.None));

        var used = Assert.Single(status.Destinations, d => d.ActiveConnections == 1);
        Assert.Equal(5ul, used.Stats.InBytes);
        Assert.Equal((ulong)answer.Length, used.Stats.OutBytes);
        Assert.Equal(1ul, status.Stats.Connections);
    }
}
