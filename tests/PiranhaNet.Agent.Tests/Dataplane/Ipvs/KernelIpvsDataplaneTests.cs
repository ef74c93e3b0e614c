using System.Net;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Ipvs;
using PiranhaNet.Agent.Interop;
using PiranhaNet.Agent.Tests.Shared;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Tests.Dataplane.Ipvs;

/// <summary>
/// The kernel dataplane's all-or-nothing apply and its error messages, over an in-memory IPVS client that answers
/// as the kernel does. The same refusal against the real kernel is a VM check (refused-plan-leaves-the-table-as-it-was).
/// </summary>
public sealed class KernelIpvsDataplaneTests
{
    private static readonly IpvsService s_web = Service(80, 1, 2);
    private static readonly IpvsService s_dns = Service(53, 3);

    private readonly InMemoryIpvsClient _client = new();
    private readonly KernelIpvsDataplane _dataplane;

    public KernelIpvsDataplaneTests()
    {
        _dataplane = new KernelIpvsDataplane(_client);
        _dataplane.ApplyAsync(IpvsPlanner.Plan([], [s_web, s_dns], new HashSet<IpvsServiceKey>()), CancellationToken.None).GetAwaiter().GetResult();
    }

    private static IpvsService Service(int port, params int[] reals) => new(
        IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Parse("10.77.0.1"), port), "wlc", 0, 0, 32,
        [.. reals.Select(r => new IpvsDestination(IPAddress.Parse($"10.77.1.{r}"), port, IpvsForwarding.Masquerade, 1))]);

    [Fact]
    public async Task ApplyAsync_TheLastChangeRefused_UndoesEveryEarlierOne()
    {
        var added = Service(8080, 4);
        var before = _client.Services;
        var plan = new IpvsPlan(
        [
            new IpvsChange(IpvsChangeKind.AddService, added),
            new IpvsChange(IpvsChangeKind.AddDestination, added, added.Destinations[0]),
            new IpvsChange(IpvsChangeKind.EditDestination, s_web, s_web.Destinations[0] with { Weight = 9 }),
            new IpvsChange(IpvsChangeKind.DeleteDestination, s_web, s_web.Destinations[1]),
            new IpvsChange(IpvsChangeKind.DeleteService, s_dns),
            new IpvsChange(IpvsChangeKind.EditService, s_web with { Scheduler = "no-such-scheduler" }),
        ], []);

        var error = await Assert.ThrowsAsync<DataplaneException>(() => _dataplane.ApplyAsync(plan, CancellationToken.None));

        Assert.Equal("edit service TCP  10.77.0.1:80 no-such-scheduler: the kernel refused it: No such file or directory", error.Message);
        Assert.Equal((int)Errno.NoEntry, error.Errno);
        // Deleted ones come back at the end, so compare as sets of services.
        Assert.Equal(before.OrderBy(s => s.Key.Port), _client.Services.OrderBy(s => s.Key.Port));
    }

    [Fact]
    public async Task ApplyAsync_AnUndoTheKernelRefuses_IsNamedAndTheRestStillRun()
    {
        var added = Service(8080, 4);
        var plan = new IpvsPlan(
        [
            new IpvsChange(IpvsChangeKind.AddService, added),
            new IpvsChange(IpvsChangeKind.EditDestination, s_web, s_web.Destinations[0] with { Weight = 9 }),
            new IpvsChange(IpvsChangeKind.DeleteService, s_dns),
        ], []);
        _client.RefuseWhen = change => change.Kind == IpvsChangeKind.DeleteService;

        var error = await Assert.ThrowsAsync<DataplaneException>(() => _dataplane.ApplyAsync(plan, CancellationToken.None));

        // The undo of the added service is a delete, which is refused too; the weight edit is still undone.
        Assert.StartsWith("delete service TCP  10.77.0.1:53: the kernel refused it: Invalid argument; could not undo: delete service TCP  10.77.0.1:8080", error.Message);
        Assert.Equal(1, _client.Services.Single(s => s.Key.Port == 80).Destinations[0].Weight);
    }

    [Fact]
    public async Task SetTimeoutsAsync_Refused_NamesTheRequestAndTheErrno()
    {
        var error = await Assert.ThrowsAsync<DataplaneException>(() => _dataplane.SetTimeoutsAsync(new IpvsTimeouts(-1, 0, 0), CancellationToken.None));

        Assert.Equal("setting the IPVS timeouts to tcp -1 tcpfin 0 udp 0: Invalid argument", error.Message);
        Assert.Equal((int)Errno.Invalid, error.Errno);
    }

    [Fact]
    public async Task DisposeAsync_ClosesTheClient()
    {
        await _dataplane.DisposeAsync();

        Assert.True(_client.Disposed);
    }
}
