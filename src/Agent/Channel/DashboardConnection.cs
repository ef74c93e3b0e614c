using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Hosting;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Channel;

/// <summary>
/// The agent's link to the dashboard: connects out over a WebSocket with its enrolment token, says hello, applies
/// every configuration version it is sent (answering applied or failed), and hands heartbeat keys and Make active to
/// redundancy. Each connection is published as a <see cref="DashboardSession"/> for the status reporter. A version
/// sent as changes is built on the last one received on this connection; when that is not the base the dashboard
/// meant, the agent asks for the whole configuration. With several dashboards it keeps to
/// one and, when that one goes away or cannot be reached, tries the next at once; after a whole round of failures it
/// waits (<see cref="Backoff"/>) before the next round, for as long as it runs. The dataplane keeps forwarding while
/// no dashboard is there, and the hello names the version in force, so a dashboard with nothing newer changes nothing.
/// </summary>
internal sealed partial class DashboardConnection(IOptions<AgentOptions> options, TableReconciler table, IDataplane dataplane, RedundancyLoop redundancy,
    LatestValue<DashboardSession> sessions, ILogger<DashboardConnection> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The hello says what is in force, so the restore from the state directory comes first.
        await table.Restored.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // Validated at start: at least one, each an absolute http or https URL.
        var controllers = options.Value.Controllers;
        var (failures, next) = (0, 0);
        var random = new Random();
        while (!stoppingToken.IsCancellationRequested)
        {
            var controller = controllers[next];
            next = (next + 1) % controllers.Count;
            try
            {
                using var socket = new ClientWebSocket();
                socket.Options.SetRequestHeader("Authorization", $"Bearer {options.Value.Token}");
                // Pings answered within the timeout or the connection is given up. The answers are read only while a
                // receive is pending, which is why messages are handled apart from the receiving (SessionAsync).
                socket.Options.KeepAliveInterval = options.Value.KeepAlive;
                socket.Options.KeepAliveTimeout = options.Value.KeepAlive;
                await socket.ConnectAsync(AgentProtocol.ChannelUri(controller), stoppingToken);
                failures = 0;
                LogConnected(logger, controller);
                await SessionAsync(socket, stoppingToken);
                LogClosed(logger);
            }
            catch (Exception e) when (e is WebSocketException or IOException or HttpRequestException or InvalidDataException or System.Text.Json.JsonException
                or OperationCanceledException)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return;   // stopping: the connection is torn down under us, which is expected, not a failure
                }
                LogFailed(logger, controller, e.Message);
            }
            // The next dashboard at once, unless every one has just been tried.
            if (++failures % controllers.Count != 0)
            {
                continue;
            }
            try
            {
                await Task.Delay(Backoff.Delay(failures / controllers.Count, random), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SessionAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var session = new DashboardSession(socket, ended.Token);
        var applied = table.Applied;
        // With the digest of what is in force, a dashboard that has nothing newer sends nothing, and its first changes
        // build on the version held here (the handler starts from it).
        var held = applied is { Version: > 0 } ? new ConfigureMessage(applied.Version, applied.Running, applied.Config) : null;
        await session.SendAsync(new HelloMessage(options.Value.Name, dataplane.Name, applied?.Version ?? 0, applied?.Running ?? true,
            held is null ? null : ConfigDigest.Of(held.Config)), cancellationToken);
        sessions.Publish(session);
        // Received apart from handled: a receive stays pending while a long apply runs, so the dashboard's answers to the
        // keep-alive pings are read and the connection is not given up as dead. One handler, in the order received; the
        // applies run to the end whatever happens to the connection, on the agent's own stopping token.
        var inbox = System.Threading.Channels.Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleWriter = true });
        var handling = HandleAsync(session, inbox.Reader, held, cancellationToken);
        // A message that could not be handled (the answer could not be sent) ends the connection, as it did when the
        // two were one loop: the next connection starts afresh.
        _ = handling.ContinueWith(failed =>
        {
            LogHandlingFailed(logger, failed.Exception!.GetBaseException());
            socket.Abort();
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            while (await WebSocketMessages.ReceiveAsync(socket, cancellationToken) is { } message)
            {
                session.DashboardVersion = message.V;
                inbox.Writer.TryWrite(message);
            }
        }
        finally
        {
            // An apply under way finishes (a table is never left half-applied); what was received but not handled yet
            // is dropped, since the next connection starts from the dashboard's state.
            inbox.Writer.TryComplete();
            while (inbox.Reader.TryRead(out _))
            {
            }
            await ended.CancelAsync();
            await handling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task HandleAsync(DashboardSession session, ChannelReader<AgentMessage> inbox, ConfigureMessage? held, CancellationToken cancellationToken)
    {
        // The last version received on this connection, applied or not, or else the one in force when it began: what
        // the dashboard's next changes build on.
        var received = held;
        await foreach (var message in inbox.ReadAllAsync(cancellationToken))
        {
            switch (message)
            {
                case ConfigureMessage configure:
                    received = configure;
                    await ApplyAsync(session, configure, onlyChanges: false, cancellationToken);
                    break;
                case ConfigureChangesMessage changes:
                    if (WithChanges(received, changes) is not { } built)
                    {
                        LogNotHeld(logger, changes.Version, changes.BaseVersion);
                        await session.SendAsync(new ResendMessage(received?.Version ?? 0), cancellationToken);
                        break;
                    }
                    received = built;
                    await ApplyAsync(session, built, onlyChanges: true, cancellationToken);
                    break;
                case HeartbeatKeyMessage keys:
                    redundancy.SetKeys(keys);
                    break;
                case MakeActiveMessage makeActive:
                    redundancy.MakeActive(makeActive.Active);
                    break;
                case ClusterOperationsMessage operations:
                    redundancy.SetClusterOperations(operations);
                    break;
                default:
                    LogUnknown(logger, message.V);
                    break;
            }
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

    private async Task ApplyAsync(DashboardSession session, ConfigureMessage configure, bool onlyChanges, CancellationToken cancellationToken)
    {
        var result = await table.ApplyAsync(configure.Version, configure.Config, configure.Running, cancellationToken, onlyChanges, persist: false);
        if (result.Succeeded)
        {
            LogApplied(logger, result.Version, result.ChangeCount, result.TimeoutsSet is { } t ? $", timeouts {t}" : "", configure.Running);
        }
        else
        {
            LogVersionFailed(logger, result.Version, string.Join("; ", result.Reasons));
        }
        try
        {
            await session.SendAsync(result.Succeeded
                ? new AppliedMessage(result.Version, result.ChangeCount)
                : new FailedMessage(result.Version, result.Reasons.ToEquatableArray()), cancellationToken);
        }
        finally
        {
            // Written after the report, and even if the report could not be sent: the table is in force either way.
            await table.PersistAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to {Controller}")]
    private static partial void LogConnected(ILogger logger, Uri controller);

    [LoggerMessage(Level = LogLevel.Information, Message = "the dashboard closed the connection")]
    private static partial void LogClosed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connection to {Controller} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Uri controller, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "version {Version} came as changes to version {BaseVersion}, which this agent does not hold; asking for the whole configuration")]
    private static partial void LogNotHeld(ILogger logger, int version, int baseVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ignored a message of a type this agent does not know (protocol version {Version})")]
    private static partial void LogUnknown(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "applied version {Version} ({Changes} change(s){Timeouts}, running: {Running})")]
    private static partial void LogApplied(ILogger logger, int version, int changes, string timeouts, bool running);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not handle the dashboard's message; starting the connection afresh")]
    private static partial void LogHandlingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "version {Version} failed: {Reasons}")]
    private static partial void LogVersionFailed(ILogger logger, int version, string reasons);
}
