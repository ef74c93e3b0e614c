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

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

    /// <summary>Sends one agent (just connected, or asking for a resend) its whole configuration, in turn with the other pushes.</summary>
    public Task PushWholeToAsync(AgentRegistry.AgentSession session, CancellationToken cancellationToken) =>
        PushAsync([session], whole: true, cancellationToken);

    /// <summary>Start or Stop was pressed: every connected agent is sent whether it should run.</summary>
    public Task RunStatesChangedAsync(CancellationToken cancellationToken) => PushAsync(registry.Sessions, whole: false, cancellationToken);

    private Task PushAsync(IReadOnlyCollection<AgentRegistry.AgentSession> sessions, bool whole, CancellationToken cancellationToken) =>
        _turns.RunAsync(async token =>
        {
            using var scope = scopes.CreateScope();
            // Before the first save of this dashboard's life, the newest version is the store's.
            var latest = saved.Current ?? await scope.ServiceProvider.GetRequiredService<ConfigService>().GetLatestAsync(token);
            var messages = await scope.ServiceProvider.GetRequiredService<AgentConfigurations>().ForEnrolledAsync(latest, token);
            foreach (var session in sessions)
            {
                // Revoked between its connect and this push: the revoke closes the session itself.
                if (!messages.TryGetValue(session.Name, out var configure))
                {
                    continue;
                }
                if (await session.TrySendAsync((whole ? null : AsChanges(session, configure)) ?? (AgentMessage)configure, token) is { } failure)
                {
                    LogPushFailed(logger, session.Name, failure);
                }
                else
                {
                    session.LastSent = configure;
                    timings.Sent(session.Name, configure.Version);
                }
            }
        }, cancellationToken);

    // The push as changes from the one before, when the agent speaks changes and there was one before.
    private static ConfigureChangesMessage? AsChanges(AgentRegistry.AgentSession session, ConfigureMessage configure) =>
        session.LastSent is { } last && session.ProtocolVersion >= AgentProtocol.ChangesSince && ConfigPatch.Between(last.Config, configure.Config) is { } patch
            ? new ConfigureChangesMessage(configure.Version, last.Version, configure.Running, patch)
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send director {Director} its configuration: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, string director, string reason);
}
