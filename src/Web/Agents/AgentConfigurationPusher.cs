using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// Sends connected agents what they should run: everyone whenever a version is saved or Start/Stop is pressed,
/// and one agent when it connects. Pushes take turns and read the store after their turn comes, so two saves
/// in quick succession, or a save racing a connect, cannot leave an agent on the older of the two.
/// The first push on a connection carries the whole configuration; later ones only what changed since the
/// previous push (<see cref="ConfigPatch"/>), unless the agent asks for the whole again.
/// A hosted service living as long as the dashboard.
/// </summary>
public sealed partial class AgentConfigurationPusher(ChangeNotifier notifier, AgentRegistry registry, IServiceScopeFactory scopes,
    ILogger<AgentConfigurationPusher> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private IDisposable? _subscription;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(_ => PushAsync(registry.Sessions, whole: false, CancellationToken.None), ChangeKind.Configuration, ChangeKind.Cluster);
        return Task.CompletedTask;
    }

    /// <summary>Sends one agent (just connected, or asking for a resend) its whole configuration, in turn with the other pushes.</summary>
    public Task PushWholeToAsync(AgentRegistry.AgentSession session, CancellationToken cancellationToken) =>
        PushAsync([session], whole: true, cancellationToken);

    private async Task PushAsync(IReadOnlyCollection<AgentRegistry.AgentSession> sessions, bool whole, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            using var scope = scopes.CreateScope();
            var messages = await scope.ServiceProvider.GetRequiredService<AgentConfigurations>().ForEnrolledAsync(cancellationToken);
            foreach (var session in sessions)
            {
                // Revoked between its connect and this push: the revoke closes the session itself.
                if (!messages.TryGetValue(session.Name, out var configure))
                {
                    continue;
                }
                if (await session.TrySendAsync((whole ? null : AsChanges(session, configure)) ?? (AgentMessage)configure, cancellationToken) is { } failure)
                {
                    LogPushFailed(logger, session.Name, failure);
                }
                else
                {
                    session.LastSent = configure;
                }
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    // The push as changes from the one before, when the agent speaks changes and there was one before.
    private static ConfigureChangesMessage? AsChanges(AgentRegistry.AgentSession session, ConfigureMessage configure) =>
        session.LastSent is { } last && session.ProtocolVersion >= AgentProtocol.ChangesSince && ConfigPatch.Between(last.Config, configure.Config) is { } patch
            ? new ConfigureChangesMessage(configure.Version, last.Version, configure.Running, patch)
            : null;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _turn.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send director {Director} its configuration: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, string director, string reason);
}
