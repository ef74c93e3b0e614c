using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PiranhaNet.Agent.Channel;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Health;
using PiranhaNet.Agent.Persistence;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Dataplanes;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Agent.Hosting;

/// <summary>The one registration of the agent, used by the <c>piranhanet-agent</c> process and by the dashboard's local agent.</summary>
public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Adds everything a director agent is, with <paramref name="options"/> (checked when the host starts): the
    /// dataplane, its table and the state directory, health checks, redundancy and the dashboard channel. The loops
    /// start in the order below and stop in reverse: the table is restored before anything depends on it, and the
    /// dashboard hears the last of a stopping agent.
    /// </summary>
    public static IServiceCollection AddPiranhaAgent(this IServiceCollection services, AgentOptions options)
    {
        services.AddOptions<AgentOptions>().Configure(bound =>
        {
            (bound.Controllers, bound.Token, bound.Name, bound.StateDirectory) = (options.Controllers, options.Token, options.Name, options.StateDirectory);
            (bound.Dataplane, bound.NotifyUp, bound.NotifyDown, bound.ReconcileInterval) = (options.Dataplane, options.NotifyUp, options.NotifyDown, options.ReconcileInterval);
            (bound.Masquerade, bound.KeepAlive) = (options.Masquerade, options.KeepAlive);
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        // Every rule, and what this director's own dataplane can carry out (a version it cannot is refused whole).
        services.TryAddSingleton<IConfigValidator>(provider => ConfigValidator.ForDirectors(
            new FixedDirectorDataplanes(new DirectorDataplane(Options(provider).Name, provider.GetRequiredService<IDataplane>().Name))));
        services.AddSingleton<AgentSignals>();
        services.AddSingleton<LatestValue<AppliedVersion>>();
        services.AddSingleton<LatestValue<DashboardSession>>();

        services.AddSingleton(provider => DataplaneSelector.Open(Options(provider).Dataplane, Options(provider).Masquerade, provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IDataplane).Namespace!)));
        services.AddSingleton(provider => new AppliedStateFile(Options(provider).StateDirectory));
        services.AddSingleton(provider => new HeartbeatKeyFile(Options(provider).StateDirectory));
        services.AddSingleton(provider => new ClusterOperationsFile(Options(provider).StateDirectory));
        services.AddSingleton<RealServerStates>();
        services.AddSingleton<IRealServerAvailability>(provider => provider.GetRequiredService<RealServerStates>());
        services.AddSingleton<TableReconciler>();

        services.AddSingleton<IHealthProbes, HealthProbes>();
        services.AddSingleton<UnsentHealthEvents>();
        services.AddSingleton(provider => new NotifyCommands(Options(provider).NotifyUp, Options(provider).NotifyDown,
            provider.GetRequiredService<ILogger<NotifyCommands>>()));

        services.AddSingleton<HeartbeatKeyring>();
        services.AddSingleton<IHeartbeatLinks, UdpHeartbeatLinks>();
        services.AddSingleton<IClusterLinks, UdpClusterLinks>();
        services.AddSingleton<ClusterRedundancy>();
        services.AddSingleton<IFloatingAddresses>(_ => RtnetlinkAddresses.Open());
        services.AddSingleton<INeighbourAnnouncer, NeighbourAnnouncer>();
        services.AddSingleton<ITakeoverActions, TakeoverActions>();
        services.AddSingleton<INetworkDevices, HostNetworkDevices>();
        services.AddSingleton<FailoverServiceWatch>();
        services.AddSingleton<RedundancyStatusPublisher>();

        AddLoop<ReconcileLoop>(services);
        AddLoop<HealthCheckScheduler>(services);
        AddLoop<RedundancyLoop>(services);
        AddLoop<DashboardConnection>(services);
        AddLoop<StatusReporter>(services);
        return services;
    }

    private static AgentOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<AgentOptions>>().Value;

    // A loop is one instance, both a hosted service and a dependency (the connection hands keys to redundancy).
    private static void AddLoop<T>(IServiceCollection services) where T : class, IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(provider => provider.GetRequiredService<T>());
    }
}
