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
}

/// <summary>
/// Tells every open page that something changed, so a change saved in one browser appears in the others.
/// Singleton. Handlers run on the thread pool; a page marshals back with InvokeAsync. A failing handler is
/// logged and does not stop the others.
/// </summary>
public sealed partial class ChangeNotifier(ILogger<ChangeNotifier> logger)
{
    private readonly Lock _lock = new();
    private readonly List<Func<ChangeKind, Task>> _handlers = [];

    /// <summary>Calls <paramref name="handler"/> after every change until the returned object is disposed.</summary>
    public IDisposable Subscribe(Func<ChangeKind, Task> handler)
    {
        lock (_lock)
        {
            _handlers.Add(handler);
        }
        return new Subscription(this, handler);
    }

    /// <summary>Announces a change to every subscriber without waiting for them.</summary>
    public void Notify(ChangeKind kind)
    {
        Func<ChangeKind, Task>[] handlers;
        lock (_lock)
        {
            handlers = [.. _handlers];
        }
        foreach (var handler in handlers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await handler(kind);
                }
                catch (Exception e)
                {
                    LogHandlerFailed(logger, e, kind);
                }
            });
        }
    }

    private void Unsubscribe(Func<ChangeKind, Task> handler)
    {
        lock (_lock)
        {
            _handlers.Remove(handler);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page failed to handle a {Kind} change")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, ChangeKind kind);

    private sealed class Subscription(ChangeNotifier notifier, Func<ChangeKind, Task> handler) : IDisposable
    {
        public void Dispose() => notifier.Unsubscribe(handler);
    }
}
