using System.Diagnostics;
using Dapper;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Data.Postgres;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// Issue 15's compact history on SQLite and on PostgreSQL (the bench's own throwaway server): how much 100 one-weight edits of a 10,000-virtual-server configuration grow the
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
        Console.WriteLine($"configuration: {VirtualServers:N0} virtual servers, {VirtualServers * 5:N0} real servers, {whole / 1024.0 / 1024.0:F1} MiB as JSON");
        var directory = Path.Combine(Path.GetTempPath(), "piranhanet-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var file = new SqliteDatabase(Path.Combine(directory, "history.db"));
            await new MigrationRunner(file).MigrateAsync(CancellationToken.None);
            await RunOnAsync("SQLite", config, whole, () => new SqliteConfigRepository(file, TimeProvider.System), () => FileBytesAsync(file));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
        await using var server = new PostgresDatabase(await ThrowawayPostgres.NewDatabaseAsync());
        await new PostgresMigrationRunner(server).MigrateAsync(CancellationToken.None);
        await RunOnAsync("PostgreSQL", config, whole, () => new PostgresConfigRepository(server, TimeProvider.System), () => TableBytesAsync(server));
    }

    // The figures on one store; newRepository gives a repository that remembers nothing, as a fresh dashboard has.
    private static async Task RunOnAsync(string store, LvsConfig config, long whole, Func<IConfigRepository> newRepository, Func<Task<long>> bytes)
    {
        var repository = newRepository();
        await repository.SaveAsync(config, 0, "bench", "first", null, CancellationToken.None);
        var afterFirst = await bytes();
        Console.WriteLine($"{store}: after version 1: {afterFirst / 1024.0 / 1024.0:F1} MiB");

        var saves = await SaveEditsAsync(repository, config, 1, Edits);
        Measurement.Print($"{store}: save a one-weight edit ({Edits} edits)", saves, "");
        var growth = await bytes() - afterFirst;
        Console.WriteLine($"{store}: growth over {Edits} edits: {growth / 1024.0 / 1024.0:F2} MiB (goal < 2 MiB); whole versions would be {(double)whole * Edits / 1024 / 1024:F0} MiB of JSON");

        foreach (var serial in new[] { 1, 2, Edits / 2 + 1, Edits + 1 })
        {
            await TimeLoadAsync(newRepository, serial, $"{store}: load version {serial} from a fresh store", "goal < 300 ms");
        }

        // The longest run the policy allows: a thousand patches after the snapshot (their bytes stay under a quarter of it).
        var more = await SaveEditsAsync(repository, (await repository.GetLatestAsync(CancellationToken.None)).Config, Edits + 1, 999 - Edits);
        var longest = await repository.GetLatestSerialAsync(CancellationToken.None);
        Console.WriteLine($"{store}: after {longest - 1} edits, save p50 {more.Order().ElementAt(more.Length / 2):F1} ms");
        await TimeLoadAsync(newRepository, longest, $"{store}: load version {longest} (999 patches) fresh", "goal < 300 ms");
    }

    // Saves count one-weight edits in a row, each to a different virtual server; the time of each save.
    private static async Task<double[]> SaveEditsAsync(IConfigRepository repository, LvsConfig config, int serial, int count)
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
    private static Task TimeLoadAsync(Func<IConfigRepository> newRepository, int serial, string name, string target) =>
        Measurement.TimeAsync(name, LoadIterations, async _ =>
        {
            var version = await newRepository().GetAsync(serial, CancellationToken.None);
            if (version?.Config.VirtualServers.Count != VirtualServers)
            {
                throw new InvalidOperationException($"version {serial} did not load");
            }
        }, target);

    // The table with its TOAST (PostgreSQL compresses long documents there) and its index.
    private static async Task<long> TableBytesAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT pg_total_relation_size('config_versions')");
    }

    // The file's size with the write-ahead log folded in.
    private static async Task<long> FileBytesAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        return new FileInfo(database.Path).Length;
    }
}
