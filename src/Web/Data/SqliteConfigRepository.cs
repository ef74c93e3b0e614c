using System.Data.Common;

namespace PiranhaNet.Web.Data;

/// <summary>The configuration history in the SQLite file (<see cref="ConfigRepositoryBase"/>).</summary>
public sealed class SqliteConfigRepository(SqliteDatabase database, TimeProvider timeProvider) : ConfigRepositoryBase(timeProvider)
{
    /// <inheritdoc />
    protected override Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>BEGIN IMMEDIATE (deferred: false) takes SQLite's write lock at once.</remarks>
    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((Microsoft.Data.Sqlite.SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <inheritdoc />
    protected override string Utf8Of(string column) => $"CAST({column} AS BLOB)";

    /// <inheritdoc />
    protected override string ByteLengthOf(string column) => $"length(CAST({column} AS BLOB))";
}
