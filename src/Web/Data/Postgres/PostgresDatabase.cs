using Npgsql;

namespace PiranhaNet.Web.Data.Postgres;

/// <summary>
/// The PostgreSQL store: a connection string (Npgsql's <c>Host=...;Database=...</c> or a <c>postgres://</c> URL) and
/// the pooled data source every connection comes from. Registered once per process.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Uses the server and database <paramref name="connectionString"/> names.</summary>
    public PostgresDatabase(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <summary>Opens a pooled connection.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
