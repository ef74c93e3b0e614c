using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// Sends connected agents what they should run: everyone whenever a version is saved or Start/Stop is pressed,
/// and one agent when it connects. Pushes take turns and read the store after their turn comes, so two saves
/// in quick succession, or a save racing a connect, cannot leave an agent on the older of the two.
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
        _subscription = notifier.Subscribe(_ => PushAsync(registry.Sessions, CancellationToken.None), ChangeKind.Configuration, ChangeKind.Cluster);
        return Task.CompletedTask;
    }

    /// <summary>Sends a just-connected agent its configuration, in turn with the other pushes.</summary>
    public Task PushToAsync(AgentRegistry.AgentSession session, CancellationToken cancellationToken) =>
        PushAsync([session], cancellationToken);

    private async Task PushAsync(IReadOnlyCollection<AgentRegistry.AgentSession> sessions, CancellationToken cancellationToken)
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
                try
                {
                    await session.SendAsync(configure, cancellationToken);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException)
                {
                    LogPushFailed(logger, session.Name, e.Message);
                }
            }
        }
        finally
        {
            _turn.Release();
        }
    }

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
