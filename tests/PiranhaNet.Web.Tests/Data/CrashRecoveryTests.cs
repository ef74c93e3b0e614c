using System.Diagnostics;
using Dapper;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.Postgres;
using PiranhaNet.Web.Tests.Shared;

using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Data;

/// <summary>
/// A writer process killed with SIGKILL in the middle of saves must leave every committed version intact
/// and no trace of the interrupted one.
/// </summary>
public class CrashRecoveryTests
{
    private const int Kills = 6;
    private const int VirtualServers = 3000;

    [Fact]
    public async Task Save_ProcessKilledMidWrite_LeavesPreviousVersionsIntact()
    {
        using var directory = new TempDirectory();
        var path = directory.File("crash.db");
        await KillMidWriteAsync(path, async () =>
        {
            var database = new SqliteDatabase(path);
            await new MigrationRunner(database).MigrateAsync(CancellationToken.None);
            await using var connection = await database.OpenAsync(CancellationToken.None);
            Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            return new SqliteConfigRepository(database, TimeProvider.System);
        });
    }

    [Fact]
    public async Task Save_OnPostgres_ProcessKilledMidWrite_LeavesPreviousVersionsIntact()
    {
        var store = await ThrowawayPostgres.NewDatabaseAsync();
        await using var database = new PostgresDatabase(store);
        await KillMidWriteAsync(store, () => Task.FromResult<IConfigRepository>(new PostgresConfigRepository(database, TimeProvider.System)));
    }

    // Kills a writer on store at random moments in and between saves; after each kill, a repository that remembers
    // nothing (from reopen) must find every committed version whole and nothing of the interrupted one.
    private static async Task KillMidWriteAsync(string store, Func<Task<IConfigRepository>> reopen)
    {
        var random = new Random(7);
        var killedInsideSave = 0;
        var committed = 0;

        for (var kill = 0; kill < Kills; kill++)
        {
            using var writer = StartWriter(store);
            // Two saves first: the second one's duration (after JIT) scales the random kill delay, which
            // starts when the next save begins so the kill lands in or just after it.
            var printed = new List<string>();
            var saveMs = await ReadUntilEndsAsync(writer, printed, ends: 2);
            printed.Add(await ReadLineAsync(writer));
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * saveMs * 1.2));
            writer.Kill(entireProcessTree: true);
            await writer.WaitForExitAsync();
            printed.AddRange((await writer.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));

            var lastEnd = printed.Where(l => l.StartsWith("end ", StringComparison.Ordinal)).Select(l => Number(l, 1)).Max();
            var lastBegin = printed.Where(l => l.StartsWith("begin ", StringComparison.Ordinal)).Select(l => Number(l, 1)).Max();
            killedInsideSave += lastBegin > lastEnd ? 1 : 0;

            var versions = await VerifyAsync(await reopen());
            // A save may commit and die before printing "end": one version more than reported is fine, never fewer.
            Assert.InRange(versions, lastEnd, lastBegin);
            committed = versions;
        }

        Assert.True(killedInsideSave > 0, $"no kill landed inside a save in {Kills} tries; the test proved nothing");
        Assert.True(committed >= Kills);
    }

    // As a new process would find it: versions are contiguous, the newest loads whole.
    private static async Task<int> VerifyAsync(IConfigRepository repository)
    {
        var list = await repository.ListAsync(CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, list.Count).Reverse(), list.Select(v => v.Serial));
        var latest = await repository.GetLatestAsync(CancellationToken.None);
        Assert.Equal(VirtualServers, latest.Config.VirtualServers.Count);
        // Each save writes one prefix throughout; a mix would mean a torn document.
        Assert.Single(latest.Config.VirtualServers.Select(v => v.Name[0]).Distinct());
        return list.Count;
    }

    private static Process StartWriter(string store)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "PiranhaNet.Web.CrashWriter.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(store);
        start.ArgumentList.Add(VirtualServers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the crash writer");
    }

    // Reads the writer's lines until it has reported `ends` finished saves; returns the last save's milliseconds.
    private static async Task<double> ReadUntilEndsAsync(Process writer, List<string> printed, int ends)
    {
        while (true)
        {
            var line = await ReadLineAsync(writer);
            printed.Add(line);
            if (line.StartsWith("end ", StringComparison.Ordinal) && --ends == 0)
            {
                return double.Parse(line.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private static int Number(string line, int field) => int.Parse(line.Split(' ')[field], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> ReadLineAsync(Process writer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await writer.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException($"the crash writer exited early with code {(writer.HasExited ? writer.ExitCode : -1)}");
    }
}
