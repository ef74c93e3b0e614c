namespace PiranhaNet.Agent.Tests.Dataplane.Userspace;

/// <summary>
/// A monotonic clock that the test steps by hand; its timers fire only when a step passes their due time, on
/// the stepping thread. Time is read from other threads (sockets' callbacks), so it is read and written atomically.
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private readonly List<SteppedTimer> _timers = [];
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_timers)
        {
            _timers.Add(timer);
        }
        return timer;
    }

    /// <summary>Moves time on and runs, on this thread, every timer that came due on the way.</summary>
    public void Step(TimeSpan by)
    {
        var now = Interlocked.Add(ref _ticks, by.Ticks);
        List<SteppedTimer> timers;
        lock (_timers)
        {
            timers = [.. _timers];
        }
        foreach (var timer in timers)
        {
            timer.FireIfDue(now);
        }
    }

    private void Remove(SteppedTimer timer)
    {
        lock (_timers)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class SteppedTimer(SteppedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _due = long.MaxValue;
        private long _period;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : clock.GetTimestamp() + dueTime.Ticks;
            _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            return true;
        }

        public void FireIfDue(long now)
        {
            // One call per step even if several periods passed, as a late system timer would do.
            if (now < _due)
            {
                return;
            }
            _due = _period > 0 ? now + _period : long.MaxValue;
            callback(state);
        }

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
