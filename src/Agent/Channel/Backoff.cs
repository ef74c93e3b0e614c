namespace PiranhaNet.Agent.Channel;

/// <summary>Reconnect delays: doubling from half a second, capped at 15 s, with ±20% jitter so agents do not reconnect in step.</summary>
internal static class Backoff
{
    /// <summary>The longest wait between attempts.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(15);

    /// <summary>The wait after <paramref name="failures"/> consecutive failures (1 = the first).</summary>
    public static TimeSpan Delay(int failures, Random random)
    {
        var baseMs = Math.Min(Cap.TotalMilliseconds, 500 * Math.Pow(2, Math.Clamp(failures - 1, 0, 10)));
        return TimeSpan.FromMilliseconds(baseMs * (0.8 + 0.4 * random.NextDouble()));
    }
}
