using Microsoft.Extensions.Time.Testing;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Tests.Shared;

namespace PiranhaNet.Web.Tests.Security;

public class LoginThrottleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void RetryAfter_FewerFailuresThanTheLimit_AllowsTrying()
    {
        var throttle = new LoginThrottle(_clock);
        for (var i = 0; i < LoginThrottle.MaxFailures - 1; i++)
        {
            throttle.Failed("10.0.0.1");
        }

        Assert.Null(throttle.RetryAfter("10.0.0.1"));
    }

    [Fact]
    public void RetryAfter_LimitReached_BlocksThatClientUntilTheWindowPasses()
    {
        var throttle = new LoginThrottle(_clock);
        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            throttle.Failed("10.0.0.1");
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(LoginThrottle.Window - TimeSpan.FromSeconds(50), throttle.RetryAfter("10.0.0.1"));
        Assert.Null(throttle.RetryAfter("10.0.0.2"));
        _clock.Advance(LoginThrottle.Window);
        Assert.Null(throttle.RetryAfter("10.0.0.1"));
    }

    [Fact]
    public void Succeeded_ForgetsEarlierFailures()
    {
        var throttle = new LoginThrottle(_clock);
        for (var i = 0; i < LoginThrottle.MaxFailures - 1; i++)
        {
            throttle.Failed("10.0.0.1");
        }

        throttle.Succeeded("10.0.0.1");
        throttle.Failed("10.0.0.1");

        Assert.Null(throttle.RetryAfter("10.0.0.1"));
    }
}
