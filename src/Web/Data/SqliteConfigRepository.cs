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
    /// <remarks>Plain JSON text, read as its UTF-8 bytes in the process.</remarks>
    protected override string DocumentAsBytes => "CAST(document AS BLOB)";

    /// <inheritdoc />
    protected override object DocumentValue(string json) => json;

    /// <inheritdoc />
    protected override byte[] DocumentUtf8(byte[] stored) => stored;
}
