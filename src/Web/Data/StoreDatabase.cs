using System.Data.Common;

namespace PiranhaNet.Web.Data;

/// <summary>
/// Where the dashboard keeps everything: the SQLite file (<see cref="SqliteDatabase"/>, the default) or a PostgreSQL
/// database (<see cref="Postgres.PostgresDatabase"/>) that several dashboards share. The stores write one SQL text for
/// both: times are ISO 8601 UTC text (fixed width where they are compared or sorted), flags are compared with TRUE and
/// FALSE, a row that may exist is inserted with ON CONFLICT, so only the schema scripts differ.
/// </summary>
public abstract class StoreDatabase
{
    /// <summary>Opens a connection with the store's per-connection settings applied.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Where the store is, for logs and errors: the file's path, or the server and database without credentials.</summary>
    public abstract string Describe();

    /// <summary>
    /// A transaction that holds the store's write lock for <paramref name="topic"/> from its start, so a rule checked by
    /// its statements (the latest version, the last enabled admin) cannot be passed by two writers at once, from this
    /// dashboard or another on the same store.
    /// </summary>
    public abstract Task<DbTransaction> BeginSerializedAsync(DbConnection connection, string topic, CancellationToken cancellationToken);
}
