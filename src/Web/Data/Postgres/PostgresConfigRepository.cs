using System.Data.Common;
using Dapper;

namespace PiranhaNet.Web.Data.Postgres;

/// <summary>The configuration history in PostgreSQL (<see cref="ConfigRepositoryBase"/>), shared by every dashboard on that database.</summary>
public sealed class PostgresConfigRepository(PostgresDatabase database, TimeProvider timeProvider) : ConfigRepositoryBase(timeProvider)
{
    // The key of the transaction-scoped advisory lock that orders saves; any fixed number the store uses for nothing else.
    private const long SaveLock = 0x5049_524E_0001;

    /// <inheritdoc />
    protected override Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => database.OpenAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Under READ COMMITTED two transactions would both read the same latest serial; the advisory lock makes the second
    /// wait until the first commits, and it reads the new serial after. Readers never wait.
    /// </remarks>
    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@SaveLock)", new { SaveLock }, transaction, cancellationToken: cancellationToken));
        return transaction;
    }

    /// <inheritdoc />
    /// <remarks>Compressed (<see cref="CompressedDocument"/>): a whole version crosses the socket at a twentieth of its size.</remarks>
    protected override string DocumentAsBytes => "document";

    /// <inheritdoc />
    protected override object DocumentValue(string json) => CompressedDocument.Compress(json);

    /// <inheritdoc />
    protected override byte[] DocumentUtf8(byte[] stored) => CompressedDocument.Decompress(stored);
}
