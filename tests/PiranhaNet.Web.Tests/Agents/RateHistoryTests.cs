using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Tests.Shared;

namespace PiranhaNet.Web.Tests.Agents;

public sealed class RateHistoryTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero));
    private readonly RateHistory _history;

    public RateHistoryTests() => _history = new RateHistory(_clock);

    [Fact]
    public void Record_KeepsOnePointPerReport_WithConnectionsAndBothWaysOfBytes()
    {
        _history.Record("lvs1", Status(("192.0.2.10", 12, 1_000, 3_000)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _history.Record("lvs1", Status(("192.0.2.10", 15, 2_000, 4_000)));

        var web = Assert.Single(_history.For("lvs1"));
        Assert.Equal("TCP  192.0.2.10:80", web.Service);
        Assert.Equal([(12.0, 4_000.0), (15.0, 6_000.0)], web.Points.Select(p => (p.ConnectionsPerSecond, p.BytesPerSecond)));
        Assert.Empty(_history.For("lvs2"));
    }

    [Fact]
    public void Record_ReportsLessThanASecondApart_KeepOnlyTheFirst()
    {
        _history.Record("lvs1", Status(("192.0.2.10", 1, 0, 0)));
        _clock.Advance(TimeSpan.FromMilliseconds(400));
        _history.Record("lvs1", Status(("192.0.2.10", 2, 0, 0)));

        Assert.Single(Assert.Single(_history.For("lvs1")).Points);
    }

    [Fact]
    public void For_PointsOlderThanFifteenMinutes_AgeOut_AndGoneServicesDisappear()
    {
        _history.Record("lvs1", Status(("192.0.2.10", 1, 0, 0), ("192.0.2.11", 1, 0, 0)));
        _clock.Advance(TimeSpan.FromMinutes(10));
        _history.Record("lvs1", Status(("192.0.2.10", 2, 0, 0)));
        _clock.Advance(TimeSpan.FromMinutes(6));

        var remaining = Assert.Single(_history.For("lvs1"));
        Assert.Equal("TCP  192.0.2.10:80", remaining.Service);
        Assert.Equal(2.0, Assert.Single(remaining.Points).ConnectionsPerSecond);
    }

    [Fact]
    public void Forget_RevokedDirector_DropsItsHistory()
    {
        _history.Record("lvs1", Status(("192.0.2.10", 1, 0, 0)));

        _history.Forget("lvs1");

        Assert.Empty(_history.For("lvs1"));
    }

    private static DirectorStatus Status(params (string Vip, ulong Cps, ulong InBps, ulong OutBps)[] services) =>
        new("lvs1", "userspace", true, 1, null,
            [.. services.Select(s => new IpvsServiceStatus(
                new IpvsService(IpvsServiceKey.ForAddress(TransportProtocol.Tcp, System.Net.IPAddress.Parse(s.Vip), 80), "rr", 0, 0, 32, []),
                IpvsCounters.Zero, new IpvsRates(s.Cps, 0, 0, s.InBps, s.OutBps), []))],
            []);
}
