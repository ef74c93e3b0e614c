using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Hosting;

/// <summary>Registration of the store and the configuration service, shared by the web host and the command line.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>Adds the SQLite store at <paramref name="databasePath"/>, its migrations and <see cref="ConfigService"/>.</summary>
    public static IServiceCollection AddPiranhaStore(this IServiceCollection services, string databasePath)
    {
        services.AddSingleton(new SqliteDatabase(databasePath));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfigValidator>(ConfigValidator.Default);
        services.AddSingleton<IConfigRepository, SqliteConfigRepository>();
        services.AddTransient<ConfigService>();
        services.AddSingleton<Services.ChangeNotifier>();
        services.AddSingleton<DraftStore>();
        services.AddTransient<AdminAccountStore>();
        services.AddTransient<DirectorStore>();
        services.AddTransient<EventStore>();
        services.AddTransient<HeartbeatKeyStore>();
        services.AddSingleton<FailoverStore>();
        services.AddTransient<Agents.RedundancyControl>();
        services.AddTransient<Services.DraftService>();
        services.AddTransient<Agents.DirectorEnrolment>();
        services.AddTransient<Agents.AgentConfigurations>();
        services.AddSingleton<Agents.RateHistory>();
        services.AddSingleton<Agents.AgentRegistry>();
        return services;
    }
}
