using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Configuration;

namespace PiranhaNet.Web.Services;

/// <summary>
/// What this dashboard does when another dashboard on the same store made a change, before its pages are told: the
/// dashboard that made it did the same for its own agents. Each agent is connected to one dashboard, and only that one
/// sends it anything, so no director gets a version twice.
/// </summary>
public sealed class RemoteChanges(SavedVersions saved, AgentConfigurationPusher pusher, AgentRegistry registry, IServiceScopeFactory scopes)
{
    /// <summary>True when the store holds a version newer than any this dashboard saved or caught up with.</summary>
    public async Task<bool> MissedAVersionAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var latest = await scope.ServiceProvider.GetRequiredService<Data.IConfigRepository>().GetLatestSerialAsync(cancellationToken);
        return latest > (saved.Current?.Info.Serial ?? 0);
    }

    /// <summary>Catches up with a change of <paramref name="kind"/> made elsewhere.</summary>
    public async Task CatchUpAsync(ChangeKind kind, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        switch (kind)
        {
            case ChangeKind.Configuration:
                // The pusher follows the saved versions: this dashboard's agents get the new one as if it were saved here.
                var latest = await services.GetRequiredService<ConfigService>().GetLatestAsync(cancellationToken);
                if (latest.Info.Serial > 0)
                {
                    saved.Publish(latest);
                }
                break;
            case ChangeKind.Cluster:
                // A director revoked on another dashboard: its token no longer works, its connection here is closed, and it is no longer shown.
                // The views are looked at before the store is read: one enrolled and connected in between is not revoked.
                var shown = registry.Views.Keys.ToList();
                var enrolled = (await services.GetRequiredService<Data.DirectorStore>().ListAsync(cancellationToken)).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
                registry.Enrolled(enrolled);
                // A director that connected there for the first time runs a dataplane this dashboard validates for too.
                await services.GetRequiredService<DirectorDataplanes>().LoadAsync(cancellationToken);
                foreach (var revoked in shown.Where(name => !enrolled.Contains(name)))
                {
                    registry.Revoke(revoked);
                }
                await pusher.RunStatesChangedAsync(cancellationToken);
                break;
            case ChangeKind.Redundancy:
                await services.GetRequiredService<RedundancyControl>().SendKeysToConnectedAsync(cancellationToken);
                await services.GetRequiredService<ClusterOperations>().SendToConnectedAsync(cancellationToken);
                break;
        }
    }
}
