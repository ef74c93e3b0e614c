using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Hosting;

/// <summary>Registration of the SQLite store: the database, its migrations and every table's store.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>Adds the SQLite store at <paramref name="databasePath"/> and its migrations.</summary>
    public static IServiceCollection AddPiranhaStore(this IServiceCollection services, string databasePath)
    {
        services.AddSingleton(new SqliteDatabase(databasePath));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfigRepository, SqliteConfigRepository>();
        services.AddSingleton<DraftStore>();
        services.AddTransient<UserStore>();
        services.AddTransient<DirectorStore>();
        services.AddTransient<EventStore>();
        services.AddTransient<AuditStore>();
        services.AddTransient<ApiTokenStore>();
        services.AddTransient<HeartbeatKeyStore>();
        services.AddTransient<ClusterOperationsStore>();
        services.AddSingleton<FailoverStore>();
        return services;
    }
}
