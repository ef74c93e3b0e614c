using System.Data.Common;

namespace PiranhaNet.Web.Data;

/// <summary>The configuration history in the SQLite file (<see cref="ConfigRepositoryBase"/>).</summary>
public sealed class SqliteConfigRepository(SqliteDatabase database, TimeProvider timeProvider) : ConfigRepositoryBase(timeProvider)
{
    /// <inheritdoc />
    protected override Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        database.BeginSerializedAsync(connection, "config_versions", cancellationToken);

    /// <inheritdoc />
    /// <remarks>Plain JSON text, read as its UTF-8 bytes in the process.</remarks>
    protected override string DocumentAsBytes => "CAST(document AS BLOB)";

    /// <inheritdoc />
    protected override object DocumentValue(string json) => json;

    /// <inheritdoc />
    protected override byte[] DocumentUtf8(byte[] stored) => stored;
}
