using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using PiranhaNet.Web.Data.Postgres;

namespace PiranhaNet.Web.Data;

/// <summary>
/// <c>piranhanet store copy</c>: moves a whole SQLite store (every version, user, token, director, event, failover and
/// audit row) into an empty PostgreSQL database in one transaction, then checks the copy: every table's rows are the
/// same in both, and the newest version loads the same from both. Nothing is written to PostgreSQL unless all of it is.
/// </summary>
public static class StoreCopy
{
    /// <summary>A table the copy knows: its key (the order rows are copied and compared in), and whether the key is an identity.</summary>
    private sealed record Table(string Name, string Key, bool Identity = false)
    {
        // The keys that are names; the others are numbers.
        public bool TextKey => Key is "name" or "owner" or "director" or "group_name";
    }

    // In an order that satisfies the foreign keys: users before their drafts and tokens, directors before their
    // operations, each version after the ones it names.
    private static readonly Table[] s_tables =
    [
        new("users", "name"), new("drafts", "owner"), new("api_tokens", "id", Identity: true), new("directors", "name"),
        new("cluster_control", "id"), new("director_operations", "director"), new("group_moves", "group_name"), new("heartbeat_key", "id"),
        new("config_versions", "serial"), new("events", "id", Identity: true), new("failovers", "id", Identity: true), new("audit", "id", Identity: true),
    ];

    // SQLite keeps flags as 0 and 1; PostgreSQL as booleans.
    private static readonly HashSet<string> s_flags = ["users.disabled", "directors.desired_running", "cluster_control.desired_running"];

    /// <summary>What was copied: each table and its rows, and the newest version.</summary>
    public sealed record Result(IReadOnlyList<(string Table, long Rows)> Tables, int LatestVersion);

    /// <summary>
    /// Copies <paramref name="source"/> (migrated to this build's schema first, as <c>serve</c> would) into
    /// <paramref name="target"/>, which must be empty. Throws <see cref="InvalidOperationException"/> saying why when
    /// the target is not empty, the source has a table the copy does not know, or the check finds a difference.
    /// </summary>
    public static async Task<Result> CopyAsync(SqliteDatabase source, PostgresDatabase target, CancellationToken cancellationToken)
    {
        await new PostgresMigrationRunner(target).MigrateAsync(cancellationToken);
        await using var to = (NpgsqlConnection)await target.OpenAsync(cancellationToken);
        await using var transaction = await to.BeginTransactionAsync(cancellationToken);
        // Before the SQLite file is touched (migrated): a refusal changes nothing anywhere.
        foreach (var table in s_tables)
        {
            if (await to.ExecuteScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {table.Name})", transaction: transaction))
            {
                throw new InvalidOperationException($"the PostgreSQL store already holds rows in {table.Name}: copy only into an empty store");
            }
        }
        await new MigrationRunner(source).MigrateAsync(cancellationToken);
        await using var from = await source.OpenSqliteAsync(cancellationToken);
        await CheckEveryTableIsKnownAsync(from);
        // One read transaction: every table as of one moment, though a dashboard may be writing the file meanwhile.
        await using var reading = from.BeginTransaction(deferred: true);
        var counts = new List<(string, long)>();
        foreach (var table in s_tables)
        {
            counts.Add((table.Name, await CopyTableAsync(from, reading, to, transaction, table, cancellationToken)));
        }
        // Checked before the commit: a copy that differs is not left behind.
        foreach (var table in s_tables)
        {
            if (await DigestAsync(to, transaction, table) != await DigestAsync(from, reading, table))
            {
                throw new InvalidOperationException($"the copy of {table.Name} differs from the SQLite store's; nothing was copied");
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
        var latest = await CheckLatestVersionAsync(source, target, cancellationToken);
        return new Result(counts, latest);
    }

    // A table the copy does not know would be left behind without a word: refuse instead.
    private static async Task CheckEveryTableIsKnownAsync(DbConnection source)
    {
        var tables = await source.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'");
        if (tables.FirstOrDefault(name => s_tables.All(t => t.Name != name)) is { } unknown)
        {
            throw new InvalidOperationException($"the SQLite store has a table the copy does not know: {unknown}");
        }
    }

    private static async Task<long> CopyTableAsync(DbConnection from, DbTransaction reading, NpgsqlConnection to, NpgsqlTransaction transaction, Table table,
        CancellationToken cancellationToken)
    {
        var columns = (await from.QueryAsync<string>($"SELECT name FROM pragma_table_info('{table.Name}')", transaction: reading)).ToList();
        await using var read = from.CreateCommand();
        read.Transaction = reading;
        read.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table.Name} ORDER BY {table.Key}";
        await using var rows = await read.ExecuteReaderAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {table.Name} ({string.Join(", ", columns)}) {(table.Identity ? "OVERRIDING SYSTEM VALUE " : "")}VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})",
            to, transaction);
        long count = 0;
        while (await rows.ReadAsync(cancellationToken))
        {
            insert.Parameters.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                var value = rows.GetValue(i);
                insert.Parameters.Add(new NpgsqlParameter { Value = AsPostgresKeepsIt($"{table.Name}.{columns[i]}", value) });
            }
            await insert.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }
        if (table.Identity)
        {
            // New rows continue after the copied ones.
            await to.ExecuteAsync($"SELECT setval(pg_get_serial_sequence('{table.Name}', '{table.Key}'), COALESCE(MAX({table.Key}), 0) + 1, false) FROM {table.Name}",
                transaction: transaction);
        }
        return count;
    }

    // Flags become booleans, and a version's JSON is compressed (CompressedDocument); the rest is kept as it is.
    private static object AsPostgresKeepsIt(string column, object value) => (column, value) switch
    {
        (_, long flag) when s_flags.Contains(column) => flag != 0,
        ("config_versions.document", string json) => CompressedDocument.Compress(json),
        _ => value,
    };

    // Every row of the table in key order, each value as text (flags as 0 or 1, numbers as digits, documents as their
    // JSON), hashed.
    private static async Task<string> DigestAsync(DbConnection connection, DbTransaction transaction, Table table)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        // Text keys in byte order in both: PostgreSQL would otherwise sort by the database's collation ("Bob" after "alice").
        var byKey = table.TextKey && connection is NpgsqlConnection ? $"{table.Key} COLLATE \"C\"" : table.Key;
        read.CommandText = $"SELECT * FROM {table.Name} ORDER BY {byKey}";
        await using var rows = await read.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, rows.FieldCount).Select(rows.GetName).ToList();
        var order = columns.Select((name, index) => (name, index)).OrderBy(c => c.name, StringComparer.Ordinal).Select(c => c.index).ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        while (await rows.ReadAsync())
        {
            foreach (var i in order)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Text(rows.GetValue(i)) + "\u001f"));
            }
            hash.AppendData("\u001e"u8);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string Text(object value) => value switch
    {
        DBNull => "\u0000",
        bool flag => flag ? "1" : "0",
        byte[] compressed => Encoding.UTF8.GetString(CompressedDocument.Decompress(compressed)),
        IConvertible number when value is int or long or short => number.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    // The rows are the same; the newest version must also read back the same through each store's repository.
    private static async Task<int> CheckLatestVersionAsync(SqliteDatabase source, PostgresDatabase target, CancellationToken cancellationToken)
    {
        var original = await new SqliteConfigRepository(source, TimeProvider.System).GetLatestAsync(cancellationToken);
        var copied = await new PostgresConfigRepository(target, TimeProvider.System).GetLatestAsync(cancellationToken);
        if (original.Info != copied.Info || original.Config != copied.Config)
        {
            throw new InvalidOperationException($"version {original.Info.Serial} reads differently from the copy");
        }
        return original.Info.Serial;
    }
}
