using System.Diagnostics;
using Npgsql;

namespace PiranhaNet.Web.Testing;

/// <summary>
/// A PostgreSQL server of the tests' own: a new cluster in a temporary directory (initdb), started by pg_ctl with its
/// Unix socket in that directory and no TCP port, so it meets no other server and nothing outside can reach it. Run as
/// the postgres user when the tests run as root (initdb refuses root), as the tests' user otherwise. One server per test
/// process, stopped and removed by a watchdog when the process ends; each test takes a database of its own from it
/// (<see cref="NewDatabaseAsync"/>).
/// </summary>
public sealed class ThrowawayPostgres
{
    private static readonly Lazy<Task<ThrowawayPostgres>> s_shared = new(StartAsync);
    private readonly string _directory;
    private readonly string _binaries;
    private readonly string[] _asUser;

    private ThrowawayPostgres(string directory, string binaries, string[] asUser) =>
        (_directory, _binaries, _asUser) = (directory, binaries, asUser);

    /// <summary>
    /// A new, empty database on the test process's server (started on first use); its connection string. With
    /// <paramref name="icuLocale"/> (such as en-US) its text sorts by that language's rules, as an operator's database
    /// may, rather than byte by byte.
    /// </summary>
    public static async Task<string> NewDatabaseAsync(string? icuLocale = null) => await (await s_shared.Value).CreateDatabaseAsync(icuLocale);

    private async Task<string> CreateDatabaseAsync(string? icuLocale)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            var collation = icuLocale is null ? "" : $" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icuLocale}'";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}{collation}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    // Over the socket in the cluster's directory; initdb made the superuser postgres and trusts local connections. The
    // tests run several dashboards at once against one server: each pool is kept small enough that together they stay
    // under the server's max_connections (a burst waits for a pooled connection instead of being refused).
    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = _directory, Username = "postgres", Database = database, Pooling = true, MaxPoolSize = 20 }.ConnectionString;

    private static async Task<ThrowawayPostgres> StartAsync()
    {
        var binaries = FindBinaries();
        var asUser = Environment.UserName == "root" ? new[] { "runuser", "-u", "postgres", "--" } : [];
        var directory = Directory.CreateTempSubdirectory("piranhanet-pg-").FullName;
        if (asUser.Length > 0)
        {
            await RunAsync(["chown", "postgres", directory]);
        }
        var server = new ThrowawayPostgres(directory, binaries, asUser);
        await RunAsync([.. asUser, Path.Combine(binaries, "initdb"), "-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        // fsync off: the cluster is thrown away, and the tests that kill a dashboard mid-save kill the dashboard, not PostgreSQL.
        await RunAsync([.. asUser, Path.Combine(binaries, "pg_ctl"), "-D", server.Data, "-l", Path.Combine(directory, "server.log"), "-w",
            "-o", $"-k {directory} -c listen_addresses= -c fsync=off -c max_connections=400", "start"]);
        await server.WatchAsync();
        return server;
    }

    private string Data => Path.Combine(_directory, "data");

    // A watchdog outside the test process stops the server (immediately: nothing in it is worth a checkpoint) and
    // removes the directory within a second of the test process ending, however it ends: the test host may be killed
    // after the last test, before any exit handler of its own has run. It is started by a shell that exits at once,
    // so it belongs to no process tree that a test runner kills.
    private Task WatchAsync()
    {
        var stop = string.Join(' ', [.. _asUser, Path.Combine(_binaries, "pg_ctl"), "-D", Data, "-m", "immediate", "stop"]);
        var watch = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop}; rm -rf {_directory}";
        return RunAsync(["sh", "-c", $"setsid sh -c '{watch}' >/dev/null 2>&1 </dev/null &"]);
    }

    // Debian keeps initdb and pg_ctl out of PATH, in /usr/lib/postgresql/VERSION/bin; the newest there is taken.
    private static string FindBinaries() =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): scripts/test installs Debian's postgresql package, or run: apt-get install postgresql");

    private static async Task RunAsync(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', command)}' failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
