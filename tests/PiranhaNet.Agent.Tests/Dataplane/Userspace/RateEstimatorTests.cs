using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Core.Ipvs;
using Xunit;

namespace PiranhaNet.Agent.Tests.Dataplane.Userspace;

public sealed class RateEstimatorTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Rates_are_zero_until_a_whole_window_has_passed()
    {
        var estimator = new RateEstimator(_clock);
        Assert.Equal(IpvsRates.Zero, estimator.Read(Totals(0, 0)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(IpvsRates.Zero, estimator.Read(Totals(10, 1_000)));
    }

    [Fact]
    public void Rate_is_the_growth_over_the_window_divided_by_its_length()
    {
        var estimator = new RateEstimator(_clock);
        estimator.Read(Totals(100, 50_000));
        _clock.Advance(TimeSpan.FromSeconds(2));
        var rates = estimator.Read(Totals(120, 58_000));
        Assert.Equal(new IpvsRates(10, 0, 0, 4_000, 8_000), rates);
    }

    [Fact]
    public void Reads_inside_a_window_repeat_the_last_rate_and_a_long_gap_gives_its_mean()
    {
        var estimator = new RateEstimator(_clock);
        estimator.Read(Totals(0, 0));
        _clock.Advance(TimeSpan.FromSeconds(2));
        estimator.Read(Totals(20, 2_000));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10ul, estimator.Read(Totals(1_000, 2_000)).ConnectionsPerSecond);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(98ul, estimator.Read(Totals(1_000, 2_000)).ConnectionsPerSecond);
    }

    [Fact]
    public void Idle_counters_read_as_zero()
    {
        var estimator = new RateEstimator(_clock);
        estimator.Read(Totals(5, 500));
        _clock.Advance(TimeSpan.FromSeconds(2));
        estimator.Read(Totals(9, 900));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(IpvsRates.Zero, estimator.Read(Totals(9, 900)));
    }

    // Replies are twice the size of requests, so the in and out rates differ.
    private static IpvsCounters Totals(ulong connections, ulong inBytes) => new(connections, 0, 0, inBytes, inBytes * 2);
}
