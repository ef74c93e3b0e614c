using Dapper;
using PiranhaNet.Web.Data;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data.Contract;

/// <summary>The configuration history's contract on a real SQLite file.</summary>
public sealed class SqliteConfigRepositoryTests : ConfigRepositoryContract
{
    private readonly TempDirectory _directory = new();
    private SqliteDatabase _database = null!;

    protected override async Task CreateStoreAsync()
    {
        _database = new SqliteDatabase(_directory.File("piranhanet.db"));
        await new MigrationRunner(_database).MigrateAsync(CancellationToken.None);
    }

    protected override IConfigRepository AnotherWriter() => new SqliteConfigRepository(_database, TimeProvider.System);

    protected override async Task<IReadOnlyList<StoredKind>> StoredKindsAsync()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        return [.. await connection.QueryAsync<StoredKind>("SELECT serial, patch_of AS PatchOf, document_bytes AS Bytes FROM config_versions ORDER BY serial")];
    }

    protected override Task DropStoreAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
