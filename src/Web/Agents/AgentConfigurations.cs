using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Agents;

/// <summary>What a director should run: the latest version, and whether both the cluster and the director are started.</summary>
public sealed class AgentConfigurations(DirectorStore directors)
{
    /// <summary>The configure message of every enrolled director by name, from one read of the directors however many there are.</summary>
    public async Task<IReadOnlyDictionary<string, ConfigureMessage>> ForEnrolledAsync(ConfigVersion latest, CancellationToken cancellationToken)
    {
        var enrolled = await directors.ListAsync(cancellationToken);
        var cluster = await directors.GetClusterAsync(cancellationToken);
        return enrolled.ToDictionary(d => d.Name, d => Message(latest, cluster, d), StringComparer.Ordinal);
    }

    /// <summary>
    /// The configure message of one director, or null when it is no longer enrolled: a connecting director reads only
    /// its own row, since hundreds reconnecting at once would otherwise read every director each.
    /// </summary>
    public async Task<ConfigureMessage?> ForOneAsync(ConfigVersion latest, string name, CancellationToken cancellationToken) =>
        await directors.FindAsync(name, cancellationToken) is { } director
            ? Message(latest, await directors.GetClusterAsync(cancellationToken), director)
            : null;

    private static ConfigureMessage Message(ConfigVersion latest, DirectorStore.ClusterControl cluster, DirectorStore.Director director) =>
        new(latest.Info.Serial, cluster.DesiredRunning && director.DesiredRunning, latest.Config);
}
