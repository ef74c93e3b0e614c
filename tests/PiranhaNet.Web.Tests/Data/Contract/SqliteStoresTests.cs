using PiranhaNet.Web.Data;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data.Contract;

/// <summary>Every store's statements on a real SQLite file.</summary>
public sealed class SqliteStoresTests : StoresContract
{
    private readonly TempDirectory _directory = new();

    protected override async Task<StoreDatabase> CreateStoreAsync()
    {
        var database = new SqliteDatabase(_directory.File("piranhanet.db"));
        await new MigrationRunner(database).MigrateAsync(CancellationToken.None);
        return database;
    }

    protected override Task DropStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
