using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PiranhaNet.Web.Testing;

/// <summary>
/// A hash of every row of every table in a dashboard's SQLite file, to show that something (a refused request) changed
/// nothing. Left out: SQLite's own tables, columns that reads update by design (a token's last use) and the audit, which records every
/// attempt, refused ones included, by design.
/// </summary>
public static class StoreDigest
{
    private static readonly HashSet<string> s_touchedByReads = new(StringComparer.Ordinal) { "last_used_at" };

    /// <summary>The digest of <paramref name="server"/>'s store as it is now.</summary>
    public static Task<string> OfAsync(DashboardServer server) => OfFileAsync(Path.Combine(server.DataDirectory, "piranhanet.db"));

    /// <summary>The digest of the SQLite file at <paramref name="path"/> as it is now.</summary>
    public static async Task<string> OfFileAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!s_touchedByReads.Contains(reader.GetName(i)))
                    {
                        text.Append(reader.GetName(i)).Append('=').Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                    }
                }
                text.Append('\n');
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
