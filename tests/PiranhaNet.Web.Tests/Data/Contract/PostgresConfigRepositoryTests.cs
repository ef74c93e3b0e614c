using Dapper;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.Postgres;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data.Contract;

/// <summary>The configuration history's contract on a real PostgreSQL server (the tests' own, in a database of this test's own).</summary>
public sealed class PostgresConfigRepositoryTests : ConfigRepositoryContract
{
    private PostgresDatabase _database = null!;

    protected override async Task CreateStoreAsync()
    {
        _database = new PostgresDatabase(await ThrowawayPostgres.NewDatabaseAsync());
        await new PostgresMigrationRunner(_database).MigrateAsync(CancellationToken.None);
    }

    protected override IConfigRepository AnotherWriter() => new PostgresConfigRepository(_database, TimeProvider.System);

    protected override async Task<IReadOnlyList<StoredKind>> StoredKindsAsync()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        return [.. await connection.QueryAsync<StoredKind>("SELECT serial::bigint AS Serial, patch_of::bigint AS PatchOf, document_bytes::bigint AS Bytes FROM config_versions ORDER BY serial")];
    }

    protected override async Task DropStoreAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
