using System.Collections.Concurrent;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// The last <see cref="Window"/> of each virtual service's rates per director, for the monitor page's charts:
/// one point per status report (at most one a second). Kept in memory only: a dashboard restart starts the
/// charts afresh, while the directors' counters live on in the kernel. Thread-safe.
/// </summary>
public sealed class RateHistory(TimeProvider time)
{
    /// <summary>How far back the charts reach.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, DirectorRates> _directors = new(StringComparer.Ordinal);

    /// <summary>One moment of one service: new connections per second and bytes per second both ways.</summary>
    public sealed record RatePoint(DateTime Time, double ConnectionsPerSecond, double BytesPerSecond);

    /// <summary>One service's points, oldest first, under its ipvsadm-style name (such as "TCP  10.0.0.1:80").</summary>
    public sealed record ServiceRates(string Service, IReadOnlyList<RatePoint> Points);

    /// <summary>Adds a director's report.</summary>
    public void Record(string director, DirectorStatus status) =>
        _directors.GetOrAdd(director, _ => new DirectorRates()).Record(status, time.GetUtcNow().UtcDateTime);

    /// <summary>A director's services with their points inside the window.</summary>
    public IReadOnlyList<ServiceRates> For(string director) =>
        _directors.TryGetValue(director, out var rates) ? rates.Snapshot(time.GetUtcNow().UtcDateTime - Window) : [];

    /// <summary>Forgets a director (revoked).</summary>
    public void Forget(string director) => _directors.TryRemove(director, out _);

    private sealed class DirectorRates
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, Queue<RatePoint>> _services = new(StringComparer.Ordinal);
        private DateTime _last = DateTime.MinValue;

        public void Record(DirectorStatus status, DateTime now)
        {
            lock (_lock)
            {
                if (now - _last < MinimumSpacing)
                {
                    return;
                }
                _last = now;
                foreach (var service in status.Services)
                {
                    var name = service.Service.Key.ToString();
                    if (!_services.TryGetValue(name, out var points))
                    {
                        _services[name] = points = new Queue<RatePoint>();
                    }
                    points.Enqueue(new RatePoint(now, service.Rates.ConnectionsPerSecond, service.Rates.InBytesPerSecond + service.Rates.OutBytesPerSecond));
                }
                Trim(now - Window);
            }
        }

        public IReadOnlyList<ServiceRates> Snapshot(DateTime since)
        {
            lock (_lock)
            {
                Trim(since);
                return [.. _services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new ServiceRates(s.Key, [.. s.Value]))];
            }
        }

        // Drops points older than the window, and services whose points have all aged out (deleted services).
        private void Trim(DateTime since)
        {
            foreach (var (name, points) in _services.ToList())
            {
                while (points.TryPeek(out var oldest) && oldest.Time < since)
                {
                    points.Dequeue();
                }
                if (points.Count == 0)
                {
                    _services.Remove(name);
                }
            }
        }
    }
}
