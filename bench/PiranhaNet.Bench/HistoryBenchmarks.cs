using System.Diagnostics;
using Dapper;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Bench;

/// <summary>
/// Issue 15's compact history on SQLite: how much 100 one-weight edits of a 10,000-virtual-server configuration grow the
/// store (goal under 2 MiB), how long saving one takes, and how long loading any version takes from a store that
/// remembers nothing (goal under 300 ms), up to the longest run of patches the store allows after a snapshot.
/// </summary>
internal static class HistoryBenchmarks
{
    private const int VirtualServers = 10_000;
    private const int Edits = 100;
    private const int LoadIterations = 7;

    public static async Task RunAsync()
    {
        var config = LargeConfig.Create(VirtualServers, realServersEach: 5);
        var whole = PiranhaJson.Serialize(config).Length;
        var directory = Path.Combine(Path.GetTempPath(), "piranhanet-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var database = new SqliteDatabase(Path.Combine(directory, "history.db"));
            await new MigrationRunner(database).MigrateAsync(CancellationToken.None);
            var repository = new SqliteConfigRepository(database, TimeProvider.System);
            await repository.SaveAsync(config, 0, "bench", "first", null, CancellationToken.None);
            var afterFirst = await FileBytesAsync(database);
            Console.WriteLine($"configuration: {VirtualServers:N0} virtual servers, {VirtualServers * 5:N0} real servers, {whole / 1024.0 / 1024.0:F1} MiB as JSON; store after version 1: {afterFirst / 1024.0 / 1024.0:F1} MiB");

            var saves = await SaveEditsAsync(repository, config, 1, Edits);
            Measurement.Print($"store: save a one-weight edit ({Edits} edits)", saves, "");
            var growth = await FileBytesAsync(database) - afterFirst;
            Console.WriteLine($"store growth over {Edits} edits: {growth / 1024.0 / 1024.0:F2} MiB (goal < 2 MiB); whole versions would be {(double)whole * Edits / 1024 / 1024:F0} MiB, {(double)whole * Edits / growth:F0} times more");

            foreach (var serial in new[] { 1, 2, Edits / 2 + 1, Edits + 1 })
            {
                await TimeLoadAsync(database, serial, $"store: load version {serial} from a fresh store", "goal < 300 ms");
            }

            // The longest run the policy allows: a thousand patches after the snapshot (their bytes stay under a quarter of it).
            var more = await SaveEditsAsync(repository, (await repository.GetLatestAsync(CancellationToken.None)).Config, Edits + 1, 999 - Edits);
            var longest = await repository.GetLatestSerialAsync(CancellationToken.None);
            await using (var connection = await database.OpenAsync(CancellationToken.None))
            {
                var snapshot = await connection.ExecuteScalarAsync<long>("SELECT MAX(serial) FROM config_versions WHERE patch_of IS NULL");
                Console.WriteLine($"after {longest - 1} edits: newest snapshot is version {snapshot}, save p50 {more.Order().ElementAt(more.Length / 2):F1} ms");
            }
            await TimeLoadAsync(database, longest, $"store: load version {longest} (999 patches) fresh", "goal < 300 ms");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Saves count one-weight edits in a row, each to a different virtual server; the time of each save.
    private static async Task<double[]> SaveEditsAsync(SqliteConfigRepository repository, LvsConfig config, int serial, int count)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var index = (i * 97 + serial) % VirtualServers;
            var server = config.VirtualServers[index];
            config = config with { VirtualServers = config.VirtualServers.SetItem(index, server with { RealServers = server.RealServers.SetItem(0, server.RealServers[0] with { Weight = 100 + i }) }) };
            var started = Stopwatch.GetTimestamp();
            serial = (await repository.SaveAsync(config, serial, "bench", "weight", null, CancellationToken.None)).Serial;
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return samples;
    }

    // A new repository each time, so nothing is remembered: the load reads the snapshot and the patches since.
    private static Task TimeLoadAsync(SqliteDatabase database, int serial, string name, string target) =>
        Measurement.TimeAsync(name, LoadIterations, async _ =>
        {
            var version = await new SqliteConfigRepository(database, TimeProvider.System).GetAsync(serial, CancellationToken.None);
            if (version?.Config.VirtualServers.Count != VirtualServers)
            {
                throw new InvalidOperationException($"version {serial} did not load");
            }
        }, target);

    // The file's size with the write-ahead log folded in.
    private static async Task<long> FileBytesAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        return new FileInfo(database.Path).Length;
    }
}
