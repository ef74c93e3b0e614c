using System.Data.Common;
using Dapper;
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
    /// <remarks>
    /// Under READ COMMITTED two transactions would each see the state before the other's change; a transaction-scoped
    /// advisory lock on the topic makes the second wait until the first commits, and it then sees the change. Readers never wait.
    /// </remarks>
    public override async Task<DbTransaction> BeginSerializedAsync(DbConnection connection, string topic, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext(@topic))", new { topic = $"piranhanet:{topic}" }, transaction,
            cancellationToken: cancellationToken));
        return transaction;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
