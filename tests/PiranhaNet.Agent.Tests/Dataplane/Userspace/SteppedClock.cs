namespace PiranhaNet.Agent.Tests.Dataplane.Userspace;

/// <summary>A monotonic clock (timestamps only) that the test steps by hand.</summary>
internal sealed class SteppedClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Step(TimeSpan by) => _ticks += by.Ticks;
}
