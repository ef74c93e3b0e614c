namespace PiranhaNet.Web.Data;

/// <summary>The configuration history in the SQLite file (<see cref="ConfigRepositoryBase"/>).</summary>
public sealed class SqliteConfigRepository(SqliteDatabase database, TimeProvider timeProvider) : ConfigRepositoryBase(database, timeProvider)
{
    /// <inheritdoc />
    /// <remarks>Plain JSON text, read as its UTF-8 bytes in the process.</remarks>
    protected override string DocumentAsBytes => "CAST(document AS BLOB)";

    /// <inheritdoc />
    protected override object DocumentValue(string json) => json;

    /// <inheritdoc />
    protected override byte[] DocumentUtf8(byte[] stored) => stored;
}
