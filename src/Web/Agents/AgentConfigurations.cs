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
    /// The configure messages of <paramref name="names"/> (those still enrolled): one read of each, so that a director
    /// connecting does not read every director, which at hundreds reconnecting at once would be quadratic.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ConfigureMessage>> ForAsync(ConfigVersion latest, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var cluster = await directors.GetClusterAsync(cancellationToken);
        var messages = new Dictionary<string, ConfigureMessage>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (await directors.FindAsync(name, cancellationToken) is { } director)
            {
                messages[name] = Message(latest, cluster, director);
            }
        }
        return messages;
    }

    private static ConfigureMessage Message(ConfigVersion latest, DirectorStore.ClusterControl cluster, DirectorStore.Director director) =>
        new(latest.Info.Serial, cluster.DesiredRunning && director.DesiredRunning, latest.Config);
}
