using System.Net.WebSockets;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Channel;

/// <summary>
/// The agent's link to the dashboard: connects out over a WebSocket with its enrolment token, says hello,
/// applies every configuration version it is sent (answering applied or failed), and reports its status
/// after each change and every second. A version sent as changes is built on the last one received on this
/// connection; when that is not the base the dashboard meant, the agent asks for the whole configuration. Reconnects with <see cref="Backoff"/> for as long as it runs; the
/// dataplane keeps forwarding while the dashboard is away.
/// </summary>
public sealed class ControllerConnection(AgentOptions options, ConfigurationApplier applier, IDataplane dataplane, Action<string> log,
    Health.HealthMonitor? health = null, Redundancy.RedundancyController? redundancy = null)
{
    private static readonly TimeSpan s_statusInterval = TimeSpan.FromSeconds(1);
    // At most this often: a burst of edits is reported once it settles, not once per edit (a status of a
    // thousand services is a large message for both ends).
    private static readonly TimeSpan s_statusSpacing = TimeSpan.FromMilliseconds(200);
    // Between whole statuses, only the services that changed are sent (to dashboards of protocol 2 and later); the
    // merge is exact, so a whole one now and then (and on every connect) is a safeguard, not a necessity.
    private const int StatusesPerWhole = 300;

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    // Released when something changed that the dashboard should see soon (an apply); the status loop waits on it.
    private readonly WakeSignal _statusChanged = new();
    // Health events not yet sent, oldest first; kept while the dashboard is away, the oldest dropped past the bound.
    private const int MaxPendingEvents = 10_000;
    private readonly System.Collections.Concurrent.ConcurrentQueue<HealthEvent> _pendingEvents = new();
    private string? _lastError;
    // Per connection: the dashboard's protocol version (from its messages), and the status last sent whole or as changes.
    private int _dashboardVersion;
    private DirectorStatus? _lastStatus;
    private int _statusesSinceWhole;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var random = new Random();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var socket = new ClientWebSocket();
                socket.Options.SetRequestHeader("Authorization", $"Bearer {options.Token}");
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(10);
                await socket.ConnectAsync(ChannelUri(options.Controller), cancellationToken);
                failures = 0;
                log($"connected to {options.Controller}");
                await SessionAsync(socket, cancellationToken);
                log("the dashboard closed the connection");
            }
            catch (Exception e) when (e is WebSocketException or IOException or HttpRequestException or InvalidDataException or System.Text.Json.JsonException or OperationCanceledException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;   // stopping: the connection is torn down under us, which is expected, not a failure
                }
                log($"connection to {options.Controller} failed: {e.Message}");
            }
            failures++;
            try
            {
                await Task.Delay(Backoff.Delay(failures, random), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The WebSocket address of the agent endpoint on <paramref name="controller"/>.</summary>
    public static Uri ChannelUri(Uri controller) =>
        new UriBuilder(controller) { Scheme = controller.Scheme == "https" ? "wss" : "ws", Path = AgentProtocol.Path }.Uri;

    private async Task SessionAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var applied = applier.Applied;
        (_dashboardVersion, _lastStatus) = (0, null);
        await SendAsync(socket, new HelloMessage(options.Name, dataplane.Name, applied?.Version ?? 0, applied?.Running ?? true), cancellationToken);
        await SendStatusAsync(socket, cancellationToken);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var statusLoop = StatusLoopAsync(socket, session.Token);
        // The last version received on this connection, applied or not: what the dashboard's next changes build on.
        ConfigureMessage? received = null;
        try
        {
            while (await WebSocketMessages.ReceiveAsync(socket, cancellationToken) is { } message)
            {
                _dashboardVersion = message.V;
                switch (message)
                {
                    case ConfigureMessage configure:
                        received = configure;
                        await ApplyAsync(socket, configure, onlyChanges: false, cancellationToken);
                        break;
                    case ConfigureChangesMessage changes:
                        if (WithChanges(received, changes) is not { } built)
                        {
                            log($"version {changes.Version} came as changes to version {changes.BaseVersion}, which this agent does not hold; asking for the whole configuration");
                            await SendAsync(socket, new ResendMessage(received?.Version ?? 0), cancellationToken);
                            break;
                        }
                        received = built;
                        await ApplyAsync(socket, built, onlyChanges: true, cancellationToken);
                        break;
                    case HeartbeatKeyMessage keys when redundancy is not null:
                        redundancy.SetKeys(keys);
                        ReportSoon();
                        break;
                    case MakeActiveMessage makeActive when redundancy is not null:
                        redundancy.MakeActive(makeActive.Active);
                        ReportSoon();
                        break;
                    default:
                        log($"ignored a message of a type this agent does not know (protocol version {message.V})");
                        break;
                }
            }
        }
        finally
        {
            await session.CancelAsync();
            await statusLoop;
        }
    }

    // The version the changes describe, or null when they do not build on what was received before.
    private static ConfigureMessage? WithChanges(ConfigureMessage? received, ConfigureChangesMessage changes)
    {
        if (received is null || received.Version != changes.BaseVersion || changes.Patch?.Frame is null)
        {
            return null;
        }
        try
        {
            return new ConfigureMessage(changes.Version, changes.Running, changes.Patch.ApplyTo(received.Config));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private async Task ApplyAsync(WebSocket socket, ConfigureMessage configure, bool onlyChanges, CancellationToken cancellationToken)
    {
        var result = await applier.ApplyAsync(configure.Version, configure.Config, configure.Running, cancellationToken, onlyChanges, persist: false);
        _lastError = result.Succeeded ? null : string.Join("; ", result.Reasons);
        log(result.Succeeded
            ? $"applied version {result.Version} ({result.ChangeCount} change(s){(result.TimeoutsSet is { } t ? $", timeouts {t}" : "")}, running: {configure.Running})"
            : $"version {result.Version} failed: {_lastError}");
        try
        {
            await SendAsync(socket, result.Succeeded
                ? new AppliedMessage(result.Version, result.ChangeCount)
                : new FailedMessage(result.Version, result.Reasons.ToEquatableArray()), cancellationToken);
        }
        finally
        {
            // Written after the report, and even if the report could not be sent: the table is in force either way.
            await applier.PersistAsync(CancellationToken.None);
        }
        ReportSoon();
    }

    /// <summary>A real server's health (or this director's redundancy state) changed: the dashboard hears of it with the next status, soon.</summary>
    public void ReportSoon() => _statusChanged.Set();

    /// <summary>Queues a state change for the dashboard; it goes with the next status report, or on the next connection.</summary>
    public void Record(HealthEvent health)
    {
        _pendingEvents.Enqueue(health);
        while (_pendingEvents.Count > MaxPendingEvents && _pendingEvents.TryDequeue(out _))
        {
        }
        ReportSoon();
    }

    // A status every second, and soon after a change, but never closer together than s_statusSpacing.
    private async Task StatusLoopAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // Waiting the interval less the spacing keeps the period at a second when nothing changes.
                await _statusChanged.WaitAsync(s_statusInterval - s_statusSpacing, cancellationToken);
                await SendStatusAsync(socket, cancellationToken);
                await Task.Delay(s_statusSpacing, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The session ended; the receive loop reports why.
        }
    }

    private async Task SendStatusAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        await SendEventsAsync(socket, cancellationToken);
        var applied = applier.Applied;
        IReadOnlyList<IpvsServiceStatus> services = [];
        var error = _lastError;
        try
        {
            services = await dataplane.ReadStatusAsync(cancellationToken);
        }
        catch (DataplaneException e)
        {
            // A table changed under a read (someone ran ipvsadm) is reported, not fatal: the next tick reads again.
            error = $"cannot read the table: {e.Message}";
        }
        var status = new DirectorStatus(options.Name, dataplane.Name, applied?.Running ?? true, applied?.Version ?? 0, error,
            services.ToEquatableArray(), applier.Unmanaged.ToEquatableArray(), health?.Status(), redundancy?.Status());
        var whole = _lastStatus is null || _dashboardVersion < AgentProtocol.ChangesSince || ++_statusesSinceWhole >= StatusesPerWhole;
        if (whole)
        {
            _statusesSinceWhole = 0;
        }
        await SendAsync(socket, StatusChanges.Between(whole ? null : _lastStatus, status), cancellationToken);
        _lastStatus = status;
    }

    // Events leave the queue only once sent, so a connection that fails mid-way loses none (it may repeat some).
    private async Task SendEventsAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var batch = _pendingEvents.Take(1000).ToEquatableArray();
        if (batch.Count == 0)
        {
            return;
        }
        await SendAsync(socket, new EventsMessage(batch), cancellationToken);
        for (var sent = 0; sent < batch.Count && _pendingEvents.TryDequeue(out _); sent++)
        {
        }
    }

    private async Task SendAsync(WebSocket socket, AgentMessage message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await WebSocketMessages.SendAsync(socket, message, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
