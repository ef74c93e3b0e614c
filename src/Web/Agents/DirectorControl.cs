using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Agents;

/// <summary>
/// Start and Stop, for the whole cluster and for one director: stored (so they hold across restarts of either end)
/// and sent at once to the connected agents.
/// </summary>
public sealed class DirectorControl(DirectorStore store, AgentConfigurationPusher pusher, ChangeNotifier notifier)
{
    /// <summary>Start or Stop for the whole cluster.</summary>
    public async Task SetClusterRunningAsync(bool running, string changedBy, CancellationToken cancellationToken)
    {
        await store.SetClusterAsync(running, changedBy, cancellationToken);
        await ChangedAsync(cancellationToken);
    }

    /// <summary>Start or Stop for one director.</summary>
    public async Task SetDirectorRunningAsync(string name, bool running, CancellationToken cancellationToken)
    {
        await store.SetDesiredRunningAsync(name, running, cancellationToken);
        await ChangedAsync(cancellationToken);
    }

    private async Task ChangedAsync(CancellationToken cancellationToken)
    {
        notifier.Notify(ChangeKind.Cluster);
        await pusher.RunStatesChangedAsync(cancellationToken);
    }
}
