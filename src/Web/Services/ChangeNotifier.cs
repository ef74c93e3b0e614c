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
    /// <summary>A director connected, disconnected, applied a version or reported its status (about every second).</summary>
    Status,
    /// <summary>Directors reported real servers changing state.</summary>
    Events,
    /// <summary>A director's change of state (a failover) was stored, or the heartbeat key was rotated.</summary>
    Redundancy,
}

/// <summary>
/// Tells every open page that something changed, so a change saved in one browser appears in the others.
/// Singleton. Handlers run on the thread pool; a page marshals back with InvokeAsync. A failing handler is
/// logged and does not stop the others.
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

    /// <summary>Announces a change to every subscriber without waiting for them.</summary>
    public void Notify(ChangeKind kind)
    {
        Subscriber[] interested;
        lock (_lock)
        {
            interested = [.. _subscribers.Where(s => s.Kinds.Length == 0 || s.Kinds.Contains(kind))];
        }
        foreach (var subscriber in interested)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await subscriber.Handler(kind);
                }
                catch (Exception e)
                {
                    LogHandlerFailed(logger, e, kind);
                }
            });
        }
    }

    private void Unsubscribe(Subscriber subscriber)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscriber);
        }
    }

    private sealed record Subscriber(Func<ChangeKind, Task> Handler, ChangeKind[] Kinds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page failed to handle a {Kind} change")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, ChangeKind kind);

    private sealed class Subscription(ChangeNotifier notifier, Subscriber subscriber) : IDisposable
    {
        public void Dispose() => notifier.Unsubscribe(subscriber);
    }
}
