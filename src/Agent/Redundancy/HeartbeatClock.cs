namespace PiranhaNet.Agent.Redundancy;

/// <summary>The heartbeats' monotonic clock.</summary>
internal static class HeartbeatClock
{
    /// <summary>
    /// A monotonic clock in microseconds, never 0 (0 means "nothing to echo"). In integers: a timestamp times a million
    /// is past what a double holds exactly, and the rounding showed as a round trip of some microseconds that was not there.
    /// </summary>
    public static ulong Microseconds(TimeProvider time, long timestamp) => (ulong)((Int128)timestamp * 1_000_000 / time.TimestampFrequency) + 1;
}
