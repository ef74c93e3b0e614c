using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PiranhaNet.Web.Data;

/// <summary>
/// The SQLite file: where it is and how connections to it are opened. One connection per operation;
/// SQLite's own locking serialises writers and WAL lets readers run beside them.
/// </summary>
public sealed class SqliteDatabase : StoreDatabase
{
    private readonly string _connectionString;

    /// <summary>Uses the database file at <paramref name="path"/>; its directory is created if missing.</summary>
    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Absolute path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await OpenSqliteAsync(cancellationToken);

    /// <inheritdoc />
    public override string Describe() => Path;

    /// <inheritdoc />
    /// <remarks>BEGIN IMMEDIATE (deferred: false): SQLite has one writer, and this takes its lock at once, whatever the topic.</remarks>
    public override Task<DbTransaction> BeginSerializedAsync(DbConnection connection, string topic, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>Opens a connection with the per-connection settings applied, for what only SQLite has (its transactions' lock modes).</summary>
    public async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // busy_timeout: wait for another writer instead of failing at once.
        // synchronous=NORMAL is durable against process crashes in WAL mode; only power loss may lose the last commit.
        command.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
