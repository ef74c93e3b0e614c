using PiranhaNet.Core.Protocol;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Agents;

/// <summary>What a director should run: the latest version, and whether both the cluster and the director are started.</summary>
public sealed class AgentConfigurations(ConfigService configs, DirectorStore directors)
{
    /// <summary>The configure message for <paramref name="director"/>, or null when it is no longer enrolled.</summary>
    public async Task<ConfigureMessage?> ForAsync(string director, CancellationToken cancellationToken)
    {
        var enrolled = (await directors.ListAsync(cancellationToken)).FirstOrDefault(d => d.Name == director);
        if (enrolled is null)
        {
            return null;
        }
        var cluster = await directors.GetClusterAsync(cancellationToken);
        var latest = await configs.GetLatestAsync(cancellationToken);
        return new ConfigureMessage(latest.Info.Serial, cluster.DesiredRunning && enrolled.DesiredRunning, latest.Config);
    }
}
