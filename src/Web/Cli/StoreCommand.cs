using System.CommandLine;
using Npgsql;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.Postgres;

namespace PiranhaNet.Web.Cli;

/// <summary>
/// <c>piranhanet store copy [--from FILE | --data DIR] --to URL</c>: moves a SQLite store into an empty PostgreSQL
/// database and checks the copy (<see cref="StoreCopy"/>).
/// </summary>
internal static class StoreCommand
{
    public static Command Create(CliContext cli)
    {
        var copy = new Command("copy", "Copy a whole SQLite store (every version, user, event) into an empty PostgreSQL database, and check the copy");
        var data = CliOptions.Data();
        var from = new Option<string?>("--from") { Description = "The SQLite file to copy (default: piranhanet.db in --data)" };
        var to = new Option<string>("--to") { Description = "The PostgreSQL database: a postgres:// URL or a Host=...;Database=... connection string", Required = true };
        copy.Options.Add(from);
        copy.Options.Add(to);
        copy.Options.Add(data);
        copy.SetAction(async (result, ct) =>
        {
            var file = result.GetValue(from) ?? new WebOptions { DataDirectory = result.GetValue(data)! }.DatabasePath;
            if (!File.Exists(file))
            {
                cli.Error.WriteLine($"piranhanet store copy: there is no SQLite store at '{file}'; nothing copied");
                return CliContext.Usage;
            }
            StoreLocation target;
            try
            {
                target = StoreLocation.Parse(result.GetValue(to)!);
            }
            catch (ArgumentException e)
            {
                cli.Error.WriteLine($"piranhanet store copy: {e.Message.Replace("--store", "--to", StringComparison.Ordinal)}");
                return CliContext.Usage;
            }
            if (target is not StoreLocation.Postgres postgres)
            {
                cli.Error.WriteLine("piranhanet store copy: --to must name a PostgreSQL database (postgres://... or Host=...); nothing copied");
                return CliContext.Usage;
            }
            await using var database = new PostgresDatabase(postgres.ConnectionString);
            try
            {
                var copied = await StoreCopy.CopyAsync(new SqliteDatabase(file), database, ct);
                foreach (var (table, rows) in copied.Tables)
                {
                    cli.Out.WriteLine($"{table,-20} {rows,8} rows");
                }
                cli.Out.WriteLine($"copied {file} to {database.Describe()}; checked: every table's rows are the same in both, and version {copied.LatestVersion} reads the same");
                return CliContext.Ok;
            }
            catch (Exception e) when (e is InvalidOperationException or NpgsqlException)
            {
                cli.Error.WriteLine($"piranhanet store copy: {e.Message}");
                return CliContext.Invalid;
            }
        });
        return new Command("store", "Move the store between SQLite and PostgreSQL") { copy };
    }
}
