using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Cli;

/// <summary>The store of a data directory for commands that run without the web server.</summary>
internal sealed class CliStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliStore(ServiceProvider services) => _services = services;

    public ConfigService Config => _services.GetRequiredService<ConfigService>();

    public UserAccounts Accounts => _services.GetRequiredService<UserAccounts>();

    /// <summary>Opens (creating and migrating if needed) the store in <paramref name="dataDirectory"/>.</summary>
    public static async Task<CliStore> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection().AddLogging()
            .AddPiranhaStore(new WebOptions { DataDirectory = dataDirectory }.DatabasePath)
            .AddPiranhaConfiguration()
            .AddPiranhaAccounts()
            .BuildServiceProvider();
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
        // An import from the command line is validated for the directors' dataplanes as the dashboard's would be.
        await services.GetRequiredService<Agents.DirectorDataplanes>().LoadAsync(cancellationToken);
        return new CliStore(services);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>The author recorded for changes made from the command line.</summary>
    public static string Author => $"cli:{Environment.UserName}";
}
