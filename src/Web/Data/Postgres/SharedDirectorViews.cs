using PiranhaNet.Web.Agents;

namespace PiranhaNet.Web.Data.Postgres;

/// <summary>
/// Every director visible from every dashboard on one PostgreSQL store. Each second a dashboard publishes the views of
/// the directors connected to it that changed (connection, applied version and error at once; the status with its
/// table, whose counters change every second, every three seconds) and reads
/// what the others published since its last read, which it shows as theirs (<see cref="AgentView.Dashboard"/>). A
/// dashboard not seen for five seconds died with its connections: its directors show as disconnected until they
/// report from elsewhere, as they do within seconds. A status stream is a stream already, once a second, so this is a
/// read a second rather than a notice per report (500 directors report 500 times a second).
/// </summary>
public sealed partial class SharedDirectorViews(DirectorViewStore store, AgentRegistry registry, ILogger<SharedDirectorViews> logger) : BackgroundService
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_gone = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_statusEvery = TimeSpan.FromSeconds(3);

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly string _label = $"{Environment.MachineName} (pid {Environment.ProcessId})";
    // The local views last published, by director: a view is a record replaced on each change, so a new reference is a change.
    private readonly Dictionary<string, AgentView> _published = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _publishedAt = new(StringComparer.Ordinal);
    // Directors shown as another dashboard's, and which one.
    private readonly Dictionary<string, string> _heardFrom = new(StringComparer.Ordinal);
    private long _revision;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PublishAsync(stoppingToken);
                    await ReadOthersAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next second tries again; a view published late is only late.
                    LogFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Stopping cleanly: the others need not wait five seconds to know this dashboard's connections are gone.
            await store.ForgetAsync(_instance, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var views = registry.Views;
        var now = DateTimeOffset.UtcNow;
        var changed = views.Values.Where(v => v.Dashboard is null && Due(v, _published.GetValueOrDefault(v.Name), now)).ToList();
        // Revoked here (the registry forgot them), or now reporting through another dashboard.
        var gone = _published.Keys.Where(name => views.GetValueOrDefault(name) is not { Dashboard: null }).ToList();
        var revoked = gone.Where(name => !views.ContainsKey(name)).ToList();
        await store.PublishAsync(_instance, _label, changed, revoked, cancellationToken);
        changed.ForEach(v => (_published[v.Name], _publishedAt[v.Name]) = (v, now));
        foreach (var name in gone)
        {
            _published.Remove(name);
            _publishedAt.Remove(name);
        }
    }

    // A change of connection, version or error at once; a status alone (its counters change every second) every few
    // seconds: the others' copies of a table may be that old, and publishing costs a few seconds less of CPU.
    private bool Due(AgentView view, AgentView? published, DateTimeOffset now) =>
        published is null
        || (!ReferenceEquals(published, view) && (published.Connected != view.Connected || published.AppliedVersion != view.AppliedVersion
            || published.LastError != view.LastError || now - _publishedAt[view.Name] >= s_statusEvery));

    private async Task ReadOthersAsync(CancellationToken cancellationToken)
    {
        foreach (var published in await store.ReadNewerAsync(_instance, _revision, cancellationToken))
        {
            _revision = published.Revision;
            if (registry.ReportedElsewhere(published.View))
            {
                _heardFrom[published.View.Name] = published.Instance;
            }
        }
        var alive = await store.AliveAsync(s_gone, cancellationToken);
        foreach (var director in _heardFrom.Where(h => !alive.Contains(h.Value)).Select(h => h.Key).ToList())
        {
            registry.LostElsewhere(director);
            _heardFrom.Remove(director);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not share the directors' views with the other dashboards")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
