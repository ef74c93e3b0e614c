using System.Data.Common;
using Npgsql;

namespace PiranhaNet.Web.Data.Postgres;

/// <summary>
/// The PostgreSQL store: a connection string (Npgsql's <c>Host=...;Database=...</c> or a <c>postgres://</c> URL) and
/// the pooled data source every connection comes from. Registered once per process.
/// </summary>
public sealed class PostgresDatabase : StoreDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _described;

    /// <summary>Uses the server and database <paramref name="connectionString"/> names.</summary>
    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _described = $"PostgreSQL database {builder.Database} on {builder.Host}" + (builder.Port == NpgsqlConnection.DefaultPort ? "" : $":{builder.Port}");
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public override string Describe() => _described;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
