using PiranhaNet.Core.Model;
using PiranhaNet.Web.Data;

// Usage: CrashWriter DATABASE_PATH VIRTUAL_SERVERS
// Alternately saves two large configurations ("a" and "b" name prefixes) and reports each save on stdout:
// "begin N" just before the transaction, "end N MS" after the commit. The parent kills it at random.
var database = new SqliteDatabase(args[0]);
var size = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
await new MigrationRunner(database).MigrateAsync(CancellationToken.None);
var repository = new SqliteConfigRepository(database, TimeProvider.System);
for (var save = 1; ; save++)
{
    var config = Build(save % 2 == 0 ? "a" : "b", size);
    var latest = await repository.GetLatestAsync(CancellationToken.None);
    Console.WriteLine($"begin {latest.Info.Serial + 1}");
    var started = System.Diagnostics.Stopwatch.GetTimestamp();
    var saved = await repository.SaveAsync(config, latest.Info.Serial, "crash-writer", $"save {save}", null, CancellationToken.None);
    Console.WriteLine($"end {saved.Serial} {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0}");
}

static LvsConfig Build(string prefix, int size) => new()
{
    Global = new GlobalSettingsConfig { Network = NetworkType.Direct },
    VirtualServers = Enumerable.Range(0, size).Select(i => new VirtualServerConfig
    {
        Name = $"{prefix}{i}",
        Address = $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}",
        RealServers = Enumerable.Range(1, 5).Select(r => new RealServerConfig { Name = $"r{r}", Address = $"10.200.{r}.{i % 250 + 1}" }).ToEquatableArray(),
    }).ToEquatableArray(),
};
