using PiranhaNet.Core.Model;
using PiranhaNet.Web.Data;

// Usage: CrashWriter STORE VIRTUAL_SERVERS
// STORE is a SQLite file's path or a PostgreSQL connection string, as --store takes it.
// Alternately saves two large configurations ("a" and "b" name prefixes) and reports each save on stdout:
// "begin N" just before the transaction, "end N MS" after the commit. The parent kills it at random.
var size = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
IConfigRepository repository;
switch (StoreLocation.Parse(args[0]))
{
    case StoreLocation.Postgres postgres:
        var server = new PiranhaNet.Web.Data.Postgres.PostgresDatabase(postgres.ConnectionString);
        await new PiranhaNet.Web.Data.Postgres.PostgresMigrationRunner(server).MigrateAsync(CancellationToken.None);
        repository = new PiranhaNet.Web.Data.Postgres.PostgresConfigRepository(server, TimeProvider.System);
        break;
    case StoreLocation.Sqlite sqlite:
        var database = new SqliteDatabase(sqlite.Path);
        await new MigrationRunner(database).MigrateAsync(CancellationToken.None);
        repository = new SqliteConfigRepository(database, TimeProvider.System);
        break;
    default:
        throw new ArgumentException($"not a store: {args[0]}");
}
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
