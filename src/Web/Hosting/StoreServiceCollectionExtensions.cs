using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.Postgres;

namespace PiranhaNet.Web.Hosting;

/// <summary>Registration of the store, SQLite or PostgreSQL: the database, its migrations and every table's store.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>Adds the SQLite store at <paramref name="databasePath"/> and its migrations.</summary>
    public static IServiceCollection AddPiranhaStore(this IServiceCollection services, string databasePath) =>
        services.AddPiranhaStore(new StoreLocation.Sqlite(databasePath));

    /// <summary>Adds the store at <paramref name="location"/> and its migrations.</summary>
    public static IServiceCollection AddPiranhaStore(this IServiceCollection services, StoreLocation location)
    {
        switch (location)
        {
            case StoreLocation.Sqlite sqlite:
                var file = new SqliteDatabase(sqlite.Path);
                services.AddSingleton(file);
                services.AddSingleton<StoreDatabase>(file);
                services.AddSingleton<MigrationRunner>();
                services.AddSingleton<IStoreMigrations>(provider => provider.GetRequiredService<MigrationRunner>());
                services.AddSingleton<IConfigRepository, SqliteConfigRepository>();
                break;
            case StoreLocation.Postgres postgres:
                var server = new PostgresDatabase(postgres.ConnectionString);
                services.AddSingleton(server);
                services.AddSingleton<StoreDatabase>(server);
                services.AddSingleton<IStoreMigrations, PostgresMigrationRunner>();
                services.AddSingleton<IConfigRepository, PostgresConfigRepository>();
                break;
        }
        services.AddSingleton(TimeProvider.System);
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
