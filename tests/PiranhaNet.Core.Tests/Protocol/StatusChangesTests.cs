using System.Net;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Core.Tests.Protocol;

public class StatusChangesTests
{
    private static IpvsServiceStatus Service(int port, ulong connections = 0) =>
        IpvsServiceStatus.Unmeasured(new IpvsService(IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Parse("192.0.2.1"), port), "rr", 0, 0, 32,
            [new IpvsDestination(IPAddress.Parse("198.51.100.1"), port, IpvsForwarding.Route, 1)])) with { Stats = new IpvsCounters(connections, 0, 0, 0, 0) };

    private static DirectorStatus Status(int version, params IpvsServiceStatus[] services) => new("lvs1", "ipvs", true, version, null, [.. services], []);

    [Fact]
    public void Between_OneServiceCounted_SendsOnlyThatOne_AndMergeRebuildsTheWhole()
    {
        var previous = Status(1, Service(80), Service(443), Service(8080));
        var current = Status(2, Service(80), Service(443, connections: 7), Service(8080));

        var message = StatusChanges.Between(previous, current);
        var decoded = Assert.IsType<StatusMessage>(AgentProtocol.Decode(AgentProtocol.Encode(message)));

        Assert.True(decoded.Partial);
        Assert.Equal([443], decoded.Status.Services.Select(s => s.Service.Key.Port));
        Assert.Equal(current, StatusChanges.Merge(previous, decoded));
    }

    [Fact]
    public void Merge_AddedAndRemovedServices_KeepsTheRestInPlace()
    {
        var previous = Status(1, Service(80), Service(443), Service(8080));
        var current = Status(1, Service(80), Service(8080), Service(25));

        var merged = StatusChanges.Merge(previous, StatusChanges.Between(previous, current));

        Assert.Equal([80, 8080, 25], merged.Services.Select(s => s.Service.Key.Port));
    }

    [Fact]
    public void Between_NoPrevious_IsWhole_AndAWholeMessageReplacesWhatWasHeld()
    {
        var current = Status(3, Service(80));

        var message = StatusChanges.Between(null, current);

        Assert.False(message.Partial);
        Assert.Equal(current, StatusChanges.Merge(Status(1, Service(443)), message));
    }
}
