using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// Sends every connected agent what it should run whenever a version is saved or Start/Stop is pressed, and
/// disconnects agents whose director was revoked. A hosted service living as long as the dashboard.
/// </summary>
public sealed partial class AgentConfigurationPusher(ChangeNotifier notifier, AgentRegistry registry, IServiceScopeFactory scopes,
    ILogger<AgentConfigurationPusher> logger) : IHostedService
{
    private IDisposable? _subscription;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(kind => kind is ChangeKind.Configuration or ChangeKind.Cluster ? PushAsync() : Task.CompletedTask);
        return Task.CompletedTask;
    }

    private async Task PushAsync()
    {
        using var scope = scopes.CreateScope();
        var messages = await scope.ServiceProvider.GetRequiredService<AgentConfigurations>().ForEnrolledAsync(CancellationToken.None);
        foreach (var session in registry.Sessions)
        {
            if (!messages.TryGetValue(session.Name, out var configure))
            {
                registry.Revoke(session.Name);
                continue;
            }
            try
            {
                await session.SendAsync(configure, CancellationToken.None);
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException)
            {
                LogPushFailed(logger, session.Name, e.Message);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send director {Director} its configuration: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, string director, string reason);
}
