namespace PiranhaNet.Web.Data.Postgres;

/// <summary>The configuration history in PostgreSQL (<see cref="ConfigRepositoryBase"/>), shared by every dashboard on that database.</summary>
public sealed class PostgresConfigRepository(PostgresDatabase database, TimeProvider timeProvider) : ConfigRepositoryBase(database, timeProvider)
{
    /// <inheritdoc />
    /// <remarks>Compressed (<see cref="CompressedDocument"/>): a whole version crosses the socket at a twentieth of its size.</remarks>
    protected override string DocumentAsBytes => "document";

    /// <inheritdoc />
    protected override object DocumentValue(string json) => CompressedDocument.Compress(json);

    /// <inheritdoc />
    protected override byte[] DocumentUtf8(byte[] stored) => CompressedDocument.Decompress(stored);
}
