using PiranhaNet.Web.Agents;

namespace PiranhaNet.Web.Hosting;

/// <summary>Registration of the dashboard's side of the agents: enrolment, Start/Stop, the pusher, the registry of their reports, redundancy control.</summary>
public static class AgentChannelServiceCollectionExtensions
{
    /// <summary>Adds the directors' services; the pusher runs as a hosted service.</summary>
    public static IServiceCollection AddPiranhaAgentChannel(this IServiceCollection services)
    {
        services.AddSingleton<RateHistory>();
        services.AddSingleton<ApplyTimings>();
        services.AddSingleton<AgentRegistry>();
        services.AddTransient<DirectorEnrolment>();
        services.AddTransient<DirectorControl>();
        services.AddTransient<AgentConfigurations>();
        services.AddTransient<RedundancyControl>();
        services.AddTransient<ClusterOperations>();
        services.AddSingleton<AgentConfigurationPusher>();
        services.AddHostedService(provider => provider.GetRequiredService<AgentConfigurationPusher>());
        return services;
    }
}
