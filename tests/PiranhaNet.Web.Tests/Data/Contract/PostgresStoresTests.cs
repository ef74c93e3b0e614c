using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.Postgres;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data.Contract;

/// <summary>Every store's statements on a real PostgreSQL server (the tests' own, in a database of this test's own).</summary>
public sealed class PostgresStoresTests : StoresContract
{
    private PostgresDatabase? _database;

    protected override async Task<StoreDatabase> CreateStoreAsync()
    {
        _database = new PostgresDatabase(await ThrowawayPostgres.NewDatabaseAsync());
        await new PostgresMigrationRunner(_database).MigrateAsync(CancellationToken.None);
        return _database;
    }

    protected override async Task DropStoreAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
