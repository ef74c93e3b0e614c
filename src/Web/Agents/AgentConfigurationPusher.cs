using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// Sends connected agents what they should run: every agent whenever a version is saved (<see cref="SavedVersions"/>
/// carries it, so nothing is read back) or Start/Stop is pressed, and one agent when it connects or asks again. Pushes
/// take turns on one <see cref="SerialQueue"/> and each takes the newest saved version when its turn comes, so two
/// saves in quick succession, or a save racing a connect, cannot leave an agent on the older of two versions. The
/// first push on a connection carries the whole configuration; later ones only what changed since the previous push
/// (<see cref="ConfigPatch"/>), unless the agent asks for the whole again. A hosted service living as long as the dashboard.
/// </summary>
public sealed partial class AgentConfigurationPusher(SavedVersions saved, AgentRegistry registry, ApplyTimings timings, IServiceScopeFactory scopes,
    ILogger<AgentConfigurationPusher> logger) : BackgroundService
{
    private readonly SerialQueue _turns = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(AgentRegistry.AgentSession, TaskCompletionSource)> _wholeWanted = new();
    private CancellationToken _stopping;
    private static readonly TimeSpan s_sendBound = TimeSpan.FromSeconds(30);
    // The digest of the newest version pushed, for agents that say hello holding it; touched only in a push's turn.
    private (int Version, string Digest)? _digest;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        try
        {
            await foreach (var _ in saved.FollowAsync(stoppingToken))
            {
                await PushAsync(registry.Sessions, whole: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Sends one agent (just connected, or asking for a resend) its whole configuration, in turn with the other pushes.
    /// Agents that connect while earlier pushes wait their turn are sent theirs together in the first turn that comes:
    /// hundreds moving here from a dashboard that went away cost one read of the directors, not one each.
    /// </summary>
    public async Task PushWholeToAsync(AgentRegistry.AgentSession session, CancellationToken cancellationToken)
    {
        // Done when the batch that took this session is: a batch that fails fails every session in it, whose
        // connections then end and start afresh, rather than leaving them connected with nothing sent.
        var pushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _wholeWanted.Enqueue((session, pushed));
        await _turns.RunAsync(async _ =>
        {
            var batch = new List<(AgentRegistry.AgentSession Session, TaskCompletionSource Pushed)>();
            while (_wholeWanted.TryDequeue(out var wanting))
            {
                batch.Add(wanting);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                // Not the caller's token: the batch holds other agents' pushes, which one agent hanging up must not cancel.
                await PushInTurnAsync([.. batch.Select(b => b.Session)], whole: true, _stopping);
                batch.ForEach(b => b.Pushed.TrySetResult());
            }
            catch (Exception e)
            {
                batch.ForEach(b => b.Pushed.TrySetException(e));
            }
        }, cancellationToken);
        await pushed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Start or Stop was pressed: every connected agent is sent whether it should run.</summary>
    public Task RunStatesChangedAsync(CancellationToken cancellationToken) => PushAsync(registry.Sessions, whole: false, cancellationToken);

    private Task PushAsync(IReadOnlyCollection<AgentRegistry.AgentSession> sessions, bool whole, CancellationToken cancellationToken) =>
        _turns.RunAsync(token => PushInTurnAsync(sessions, whole, token), cancellationToken);

    private async Task PushInTurnAsync(IReadOnlyCollection<AgentRegistry.AgentSession> sessions, bool whole, CancellationToken token)
    {
        using var scope = scopes.CreateScope();
        // Before the first save of this dashboard's life, the newest version is the store's.
        var latest = saved.Current ?? await scope.ServiceProvider.GetRequiredService<ConfigService>().GetLatestAsync(token);
        var configurations = scope.ServiceProvider.GetRequiredService<AgentConfigurations>();
        var messages = sessions.Count == 1
            ? await configurations.ForOneAsync(latest, sessions.First().Name, token) is { } one ? new Dictionary<string, ConfigureMessage> { [sessions.First().Name] = one } : []
            : await configurations.ForEnrolledAsync(latest, token);
        // Each patch is worked out once per version it is made against, however many agents hold that version.
        var patches = new Dictionary<int, ConfigPatch?>();
        var sends = new List<Task>();
        foreach (var session in sessions)
        {
            // Revoked between its connect and this push: the revoke closes the session itself. Already sent this
            // version and run state: nothing new to say (a change elsewhere that is not this director's, such as
            // another director connecting on another dashboard, pushes to every director here). Just connected and
            // not yet sent its whole version: that push is queued behind this one and reads the newest version then.
            if (!messages.TryGetValue(session.Name, out var configure) || (!whole && (session.LastSent is null || AlreadySent(session, configure))))
            {
                continue;
            }
            // Just connected holding exactly this (it moved here from another dashboard, or reconnected): nothing to
            // send; the next push is made against it.
            if (whole && session.LastSent is null && HeldAlready(session.Hello, configure))
            {
                session.LastSent = configure;
                continue;
            }
            sends.Add(SendAsync(session, (whole ? null : AsChanges(session, configure, patches)) ?? (AgentMessage)configure, configure, token));
        }
        // Concurrently: one slow agent must not hold up the hundreds behind it (each session's sends still take turns).
        await Task.WhenAll(sends);
    }

    private async Task SendAsync(AgentRegistry.AgentSession session, AgentMessage message, ConfigureMessage configure, CancellationToken cancellationToken)
    {
        // An agent that does not take its message within the bound (stopped, its window full) is cut off, as it would
        // otherwise hold up every later push on this dashboard; it gets the whole version when it connects again.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(s_sendBound);
        string? failure;
        try
        {
            failure = await session.TrySendAsync(message, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            session.Socket.Abort();
            failure = $"it took no message for {s_sendBound.TotalSeconds} s";
        }
        if (failure is not null)
        {
            LogPushFailed(logger, session.Name, failure);
            return;
        }
        session.LastSent = configure;
        timings.Sent(session.Name, configure.Version);
    }

    // The agent's hello names this version and run state, with the same content (a store started afresh numbers its
    // versions from 1 again). The digest is worked out once per version.
    private bool HeldAlready(HelloMessage? hello, ConfigureMessage configure)
    {
        if (hello is not { AppliedDigest: { } digest } || hello.AppliedVersion != configure.Version || hello.Running != configure.Running)
        {
            return false;
        }
        if (_digest?.Version != configure.Version)
        {
            _digest = (configure.Version, ConfigDigest.Of(configure.Config));
        }
        return _digest.Value.Digest == digest;
    }

    private static bool AlreadySent(AgentRegistry.AgentSession session, ConfigureMessage configure) =>
        session.LastSent is { } last && last.Version == configure.Version && last.Running == configure.Running;

    // The push as changes from the one before, when the agent speaks changes and there was one before.
    private static ConfigureChangesMessage? AsChanges(AgentRegistry.AgentSession session, ConfigureMessage configure, Dictionary<int, ConfigPatch?> patches)
    {
        if (session.LastSent is not { } last || session.ProtocolVersion < AgentProtocol.ChangesSince)
        {
            return null;
        }
        if (!patches.TryGetValue(last.Version, out var patch))
        {
            patches[last.Version] = patch = ConfigPatch.Between(last.Config, configure.Config);
        }
        return patch is null ? null : new ConfigureChangesMessage(configure.Version, last.Version, configure.Running, patch);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send director {Director} its configuration: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, string director, string reason);
}
