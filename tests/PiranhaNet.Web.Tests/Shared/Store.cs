using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Shared;

/// <summary>A migrated store in a real SQLite file inside a temp directory.</summary>
public sealed class Store : IDisposable
{
    private readonly TempDirectory _directory = new();

    private Store()
    {
        Database = new SqliteDatabase(_directory.File("piranhanet.db"));
        Repository = new SqliteConfigRepository(Database, TimeProvider.System);
        Service = new ConfigService(Repository, ConfigValidator.Default, new ChangeNotifier(Microsoft.Extensions.Logging.Abstractions.NullLogger<ChangeNotifier>.Instance), new SavedVersions());
    }

    public SqliteDatabase Database { get; }

    public SqliteConfigRepository Repository { get; }

    public ConfigService Service { get; }

    public static async Task<Store> CreateAsync()
    {
        var store = new Store();
        await new MigrationRunner(store.Database).MigrateAsync(CancellationToken.None);
        return store;
    }

    public void Dispose() => _directory.Dispose();
}
