using System.Threading.Channels;
using Dapper;
using Npgsql;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Data.Postgres;

/// <summary>
/// Keeps the dashboards on one PostgreSQL store in step, through PostgreSQL's LISTEN/NOTIFY rather than by polling.
/// Each change this dashboard makes (<see cref="ChangeNotifier.ChangedHere"/>) is sent on the channel
/// <c>piranhanet_changes</c> after it was committed; each change another dashboard sent is caught up with here
/// (<see cref="RemoteChanges"/>: the new version pushed to this dashboard's agents, Start/Stop, keys and operations sent
/// to them) and then shown to this dashboard's pages. The listening connection is reopened when it breaks, and after a
/// break everything is caught up with once, since what was sent meanwhile is lost. Every half minute of silence the
/// listener proves its connection alive with a query (a connection that died without a word would otherwise never be
/// noticed), and looks whether a version was saved that no notice announced (a dashboard killed between its commit and
/// its notice): then it catches up with that too.
/// </summary>
public sealed partial class PostgresChangeFeed(PostgresDatabase database, ChangeNotifier notifier, RemoteChanges remote, ILogger<PostgresChangeFeed> logger)
    : BackgroundService
{
    /// <summary>The channel the dashboards talk on.</summary>
    public const string Channel = "piranhanet_changes";

    // Which dashboard sent a change: its own come back to it too, and are dropped.
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Channel<HeardChange> _heard = System.Threading.Channels.Channel.CreateUnbounded<HeardChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ChangeKind, byte> _waiting = new();
    private static readonly TimeSpan s_silence = TimeSpan.FromSeconds(30);
    private TimeSpan _retry = TimeSpan.FromSeconds(1);

    // A change to catch up with; a look at the latest version only (OnlyIfBehind) tells the pages nothing unless one was missed.
    private sealed record HeardChange(ChangeKind Kind, bool OnlyIfBehind = false);

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        notifier.ChangedHere += Send;
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        notifier.ChangedHere -= Send;
        return base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var catchingUp = Task.Run(() => CatchUpAsync(stoppingToken), CancellationToken.None);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Whatever broke the listener, this dashboard keeps serving; it listens again after a while.
                LogListenFailed(logger, e.Message, _retry.TotalSeconds);
                await Task.Delay(_retry, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
                _retry = TimeSpan.FromSeconds(Math.Min(_retry.TotalSeconds * 2, 30));
            }
        }
        _heard.Writer.TryComplete();
        await catchingUp;
    }

    // One listening connection until it breaks or the dashboard stops.
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = (NpgsqlConnection)await database.OpenAsync(stoppingToken);
        connection.Notification += (_, e) => Heard(e.Payload);
        await connection.ExecuteAsync($"LISTEN {Channel}");
        _retry = TimeSpan.FromSeconds(1);
        // Anything sent before this LISTEN was not heard: catch up with all of it once.
        foreach (var kind in Enum.GetValues<ChangeKind>())
        {
            Queue(kind);
        }
        while (true)
        {
            if (!await connection.WaitAsync(s_silence, stoppingToken))
            {
                // A dead connection fails this within the timeout and is opened again.
                await connection.ExecuteAsync(new CommandDefinition("SELECT 1", commandTimeout: 10, cancellationToken: stoppingToken));
                _heard.Writer.TryWrite(new HeardChange(ChangeKind.Configuration, OnlyIfBehind: true));
            }
        }
    }

    // "INSTANCE KIND": kept when another dashboard sent it and the kind is one this build knows.
    private void Heard(string payload)
    {
        if (payload.Split(' ', 2) is [var instance, var kind] && instance != _instance && Enum.TryParse<ChangeKind>(kind, out var change))
        {
            Queue(change);
        }
    }

    // A kind already waiting for its catch-up is not queued again: the catch-up reads the state as it is when it runs,
    // which covers every notice heard before (hundreds of directors connecting elsewhere are one catch-up).
    private void Queue(ChangeKind kind)
    {
        if (_waiting.TryAdd(kind, 0))
        {
            _heard.Writer.TryWrite(new HeardChange(kind));
        }
    }

    // One change at a time, in the order heard, so a version is pushed before the next one is read.
    private async Task CatchUpAsync(CancellationToken stoppingToken)
    {
        await foreach (var heard in _heard.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (!heard.OnlyIfBehind)
            {
                // Before the state is read: a notice heard from now on needs a catch-up of its own.
                _waiting.TryRemove(heard.Kind, out _);
            }
            try
            {
                if (heard.OnlyIfBehind && !await remote.MissedAVersionAsync(stoppingToken))
                {
                    continue;
                }
                await remote.CatchUpAsync(heard.Kind, stoppingToken);
                notifier.NotifyFromElsewhere(heard.Kind);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogCatchUpFailed(logger, e, heard.Kind);
            }
        }
    }

    // After the change is committed; the change is made whether or not the other dashboards hear of it.
    private void Send(ChangeKind kind) => _ = SendAsync(kind);

    private async Task SendAsync(ChangeKind kind)
    {
        try
        {
            await AnnounceAsync(database, _instance, kind);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            LogSendFailed(logger, kind, e.Message);
        }
    }

    /// <summary>
    /// Tells every dashboard listening on <paramref name="database"/> of a change of <paramref name="kind"/> made by
    /// <paramref name="sender"/> (a dashboard, or the command line, which has no feed of its own).
    /// </summary>
    public static async Task AnnounceAsync(PostgresDatabase database, string sender, ChangeKind kind)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("SELECT pg_notify(@Channel, @Payload)", new { Channel, Payload = $"{sender} {kind}" });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not listening to the other dashboards on the store: {Error}; trying again in {Seconds} s")]
    private static partial void LogListenFailed(ILogger logger, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The other dashboards on the store were not told of a {Kind} change: {Error}")]
    private static partial void LogSendFailed(ILogger logger, ChangeKind kind, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up with a {Kind} change made by another dashboard failed")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception, ChangeKind kind);
}
