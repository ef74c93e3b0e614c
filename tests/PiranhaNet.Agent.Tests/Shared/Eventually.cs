namespace PiranhaNet.Agent.Tests.Shared;

/// <summary>Waits, bounded in time, for something that happens on another thread; fails naming what did not happen.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="holds"/> every 10 ms until it is true; fails after <paramref name="within"/>.</summary>
    public static async Task TrueAsync(Func<bool> holds, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!holds())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {within.TotalSeconds} s");
            await Task.Delay(10);
        }
    }
}
