using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.Postgres;

namespace PiranhaNet.Web.Testing;

/// <summary>
/// Everything a dashboard's store holds, as text, for tests that show a secret was never stored: the SQLite file's
/// bytes with its write-ahead log, or every row of every table of the PostgreSQL database.
/// </summary>
public static class StoreText
{
    /// <summary>The store of <paramref name="server"/>, as text.</summary>
    public static async Task<string> OfAsync(DashboardServer server)
    {
        if (server.Services.GetRequiredService<StoreDatabase>() is PostgresDatabase postgres)
        {
            await using var connection = await postgres.OpenAsync(CancellationToken.None);
            var tables = await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
            var rows = new List<string>();
            foreach (var table in tables)
            {
                rows.AddRange(await connection.QueryAsync<string>($"SELECT t::text FROM \"{table}\" t"));
            }
            return string.Join('\n', rows);
        }
        var file = Path.Combine(server.DataDirectory, "piranhanet.db");
        var bytes = await File.ReadAllBytesAsync(file);
        var wal = file + "-wal";
        return System.Text.Encoding.UTF8.GetString(File.Exists(wal) ? [.. bytes, .. await File.ReadAllBytesAsync(wal)] : bytes);
    }
}
