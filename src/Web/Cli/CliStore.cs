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

    public AuditStore Audit => _services.GetRequiredService<AuditStore>();

    public ApiTokens Tokens => _services.GetRequiredService<ApiTokens>();

    /// <summary>Opens (creating and migrating if needed) the store <paramref name="options"/> name.</summary>
    public static async Task<CliStore> OpenAsync(WebOptions options, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection().AddLogging()
            .AddSingleton(options)
            .AddPiranhaStore(options.StoreLocation)
            .AddPiranhaConfiguration()
            .AddPiranhaAccounts()
            .BuildServiceProvider();
        await services.GetRequiredService<IStoreMigrations>().MigrateAsync(cancellationToken);
        // An import from the command line is validated for the directors' dataplanes as the dashboard's would be.
        await services.GetRequiredService<Agents.DirectorDataplanes>().LoadAsync(cancellationToken);
        return new CliStore(services);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>The author recorded for changes made from the command line.</summary>
    public static string Author => Actor.Name;

    /// <summary>Who the audit records for the command line: the operating-system user running it.</summary>
    public static Actor Actor { get; } = Actor.CommandLine(Environment.UserName);

    /// <summary>Records a change made from the command line in the audit: done when <paramref name="problem"/> is null, else failed with it.</summary>
    public Task RecordAsync(string action, string target, string? problem, string detail, CancellationToken cancellationToken) =>
        Audit.RecordAsync(Actor, action, target,
            problem is null ? AuditStore.Outcome.Ok : AuditStore.Outcome.Failed, problem ?? detail, cancellationToken);
}
