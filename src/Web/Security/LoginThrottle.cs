using System.Collections.Concurrent;

namespace PiranhaNet.Web.Security;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed logins from one client address within
/// <see cref="Window"/>, further attempts from it are refused until the window has passed. Thread-safe.
/// </summary>
public sealed class LoginThrottle(TimeProvider timeProvider)
{
    /// <summary>Failures allowed per address within the window.</summary>
    public const int MaxFailures = 5;

    /// <summary>How long failures are remembered.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="client"/> must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string client)
    {
        if (!_failures.TryGetValue(client, out var times))
        {
            return null;
        }
        lock (times)
        {
            Expire(times);
            return times.Count >= MaxFailures ? times.Peek() + Window - timeProvider.GetUtcNow() : null;
        }
    }

    /// <summary>Records a failed login from <paramref name="client"/>.</summary>
    public void Failed(string client)
    {
        var times = _failures.GetOrAdd(client, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Expire(times);
            times.Enqueue(timeProvider.GetUtcNow());
        }
    }

    /// <summary>Forgets <paramref name="client"/>'s failures after a successful login.</summary>
    public void Succeeded(string client) => _failures.TryRemove(client, out _);

    private void Expire(Queue<DateTimeOffset> times)
    {
        var now = timeProvider.GetUtcNow();
        while (times.Count > 0 && times.Peek() + Window <= now)
        {
            times.Dequeue();
        }
    }
}
