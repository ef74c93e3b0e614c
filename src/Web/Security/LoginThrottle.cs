using System.Collections.Concurrent;

namespace PiranhaNet.Web.Security;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed logins for one key (a client address, or a user
/// name) within <see cref="Window"/>, further attempts for it are refused until the window has passed. Thread-safe.
/// </summary>
public sealed class LoginThrottle(TimeProvider timeProvider)
{
    /// <summary>Failures allowed per key within the window.</summary>
    public const int MaxFailures = 5;

    /// <summary>How long failures are remembered.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="key"/> must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string key)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            return null;
        }
        lock (times)
        {
            Expire(times);
            return times.Count >= MaxFailures ? times.Peek() + Window - timeProvider.GetUtcNow() : null;
        }
    }

    /// <summary>Records a failed login for <paramref name="key"/>.</summary>
    public void Failed(string key)
    {
        var times = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Expire(times);
            times.Enqueue(timeProvider.GetUtcNow());
        }
    }

    /// <summary>Forgets <paramref name="key"/>'s failures after a successful login.</summary>
    public void Succeeded(string key) => _failures.TryRemove(key, out _);

    private void Expire(Queue<DateTimeOffset> times)
    {
        var now = timeProvider.GetUtcNow();
        while (times.Count > 0 && times.Peek() + Window <= now)
        {
            times.Dequeue();
        }
    }
}
