using System.Collections.Concurrent;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// How long each director takes to put a version in force: the time the pusher sent it, matched with the agent's
/// answer that it is applied. The durations wait here for the metrics to take them (<see cref="Drain"/>). Thread-safe.
/// </summary>
public sealed class ApplyTimings(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Director, int Version), long> _sent = new();
    private readonly ConcurrentQueue<(string Director, TimeSpan Duration)> _done = new();

    /// <summary>A version was sent to a director (the first send of it counts).</summary>
    public void Sent(string director, int version) => _sent.TryAdd((director, version), time.GetTimestamp());

    /// <summary>A director answered that a version is in force.</summary>
    public void Applied(string director, int version)
    {
        if (_sent.TryRemove((director, version), out var sentAt))
        {
            _done.Enqueue((director, time.GetElapsedTime(sentAt)));
        }
        // Older versions it will never answer for now (it moved on) are dropped.
        foreach (var stale in _sent.Keys.Where(k => k.Director == director && k.Version < version))
        {
            _sent.TryRemove(stale, out _);
        }
    }

    /// <summary>Takes the durations recorded since the last call.</summary>
    public IEnumerable<(string Director, TimeSpan Duration)> Drain()
    {
        while (_done.TryDequeue(out var done))
        {
            yield return done;
        }
    }
}
