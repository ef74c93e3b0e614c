using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Hosting;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Cli;

/// <summary>The store of a data directory for commands that run without the web server.</summary>
internal sealed class CliStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    // What this command changed, to be announced to the dashboards on a PostgreSQL store when it is done.
    private readonly HashSet<Services.ChangeKind> _changed = [];

    private CliStore(ServiceProvider services)
    {
        _services = services;
        services.GetRequiredService<Services.ChangeNotifier>().ChangedHere += kind =>
        {
            lock (_changed)
            {
                _changed.Add(kind);
            }
        };
    }

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

    /// <summary>
    /// Closes the store. On PostgreSQL the running dashboards are told of what this command changed first, so they
    /// push an imported version to their agents and show it at once, as if it had been saved on one of them.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_services.GetRequiredService<StoreDatabase>() is Data.Postgres.PostgresDatabase postgres)
        {
            var sender = $"cli-{Guid.NewGuid():N}";
            try
            {
                foreach (var kind in _changed)
                {
                    await Data.Postgres.PostgresChangeFeed.AnnounceAsync(postgres, sender, kind);
                }
            }
            catch (Npgsql.NpgsqlException)
            {
                // The change is made and stays; the dashboards see it at their next change.
            }
        }
        await _services.DisposeAsync();
    }

    /// <summary>The author recorded for changes made from the command line.</summary>
    public static string Author => Actor.Name;

    /// <summary>Who the audit records for the command line: the operating-system user running it.</summary>
    public static Actor Actor { get; } = Actor.CommandLine(Environment.UserName);

    /// <summary>Records a change made from the command line in the audit: done when <paramref name="problem"/> is null, else failed with it.</summary>
    public Task RecordAsync(string action, string target, string? problem, string detail, CancellationToken cancellationToken) =>
        Audit.RecordAsync(Actor, action, target,
            problem is null ? AuditStore.Outcome.Ok : AuditStore.Outcome.Failed, problem ?? detail, cancellationToken);
}
