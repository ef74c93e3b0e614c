using PiranhaNet.Core.Concurrency;

namespace PiranhaNet.Web.Services;

/// <summary>What changed, for subscribers that only care about some changes.</summary>
public enum ChangeKind
{
    /// <summary>A new configuration version was saved.</summary>
    Configuration,
    /// <summary>The draft (pending changes) was edited, applied or discarded.</summary>
    Draft,
    /// <summary>Directors were enrolled or revoked, or Start/Stop was pressed.</summary>
    Cluster,
    /// <summary>Directors reported real servers changing state.</summary>
    Events,
    /// <summary>A director's change of state (a failover) was stored, or the heartbeat key was rotated.</summary>
    Redundancy,
    /// <summary>Users or API tokens were added, changed or removed.</summary>
    Users,
}

/// <summary>
/// Tells every open page that something it shows from the store changed, so a change saved in one browser appears in
/// the others; the pages then read the store again. (What the directors report live carries its data on the agent
/// registry's feed instead.) Singleton. Handlers run on the thread pool; a page marshals back with InvokeAsync. Each
/// subscriber's calls take turns on its own <see cref="SerialQueue"/>, in the order of the changes, so a reload that
/// read the store first cannot land after a later one; different subscribers run at once. A failing handler is logged
/// and does not stop the others.
/// </summary>
public sealed partial class ChangeNotifier(ILogger<ChangeNotifier> logger)
{
    private readonly Lock _lock = new();
    private readonly List<Subscriber> _subscribers = [];

    /// <summary>
    /// Calls <paramref name="handler"/> after every change of the given kinds (all when none are given) until the
    /// returned object is disposed. Filtering here, not in the handler, keeps the once-a-second status reports
    /// from waking every open page that does not show them.
    /// </summary>
    public IDisposable Subscribe(Func<ChangeKind, Task> handler, params ChangeKind[] kinds)
    {
        var subscriber = new Subscriber(handler, kinds);
        lock (_lock)
        {
            _subscribers.Add(subscriber);
        }
        return new Subscription(this, subscriber);
    }

    /// <summary>
    /// Raised for each change made by this dashboard (<see cref="Notify"/>), not for those heard from another dashboard on
    /// the same store (<see cref="NotifyFromElsewhere"/>), so a relay between dashboards never sends a change back.
    /// </summary>
    public event Action<ChangeKind>? ChangedHere;

    /// <summary>Announces a change this dashboard made to every subscriber without waiting for them.</summary>
    public void Notify(ChangeKind kind)
    {
        Deliver(kind);
        ChangedHere?.Invoke(kind);
    }

    /// <summary>Announces a change another dashboard on the same store made, once this one has caught up with it.</summary>
    public void NotifyFromElsewhere(ChangeKind kind) => Deliver(kind);

    private void Deliver(ChangeKind kind)
    {
        Subscriber[] interested;
        lock (_lock)
        {
            interested = [.. _subscribers.Where(s => s.Kinds.Length == 0 || s.Kinds.Contains(kind))];
        }
        foreach (var subscriber in interested)
        {
            _ = subscriber.Turns.RunAsync(async _ =>
            {
                try
                {
                    await subscriber.Handler(kind);
                }
                catch (Exception e)
                {
                    LogHandlerFailed(logger, e, kind);
                }
            }, CancellationToken.None);
        }
    }

    private void Unsubscribe(Subscriber subscriber)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscriber);
        }
    }

    private sealed record Subscriber(Func<ChangeKind, Task> Handler, ChangeKind[] Kinds)
    {
        // One call at a time per subscriber; it holds no thread while empty, so it outlives an unsubscribe harmlessly.
        public SerialQueue Turns { get; } = new();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page failed to handle a {Kind} change")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, ChangeKind kind);

    private sealed class Subscription(ChangeNotifier notifier, Subscriber subscriber) : IDisposable
    {
        public void Dispose() => notifier.Unsubscribe(subscriber);
    }
}
