using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>Issue 2's figures: parse + validate a 10,000 / 50,000 lvs.cf, save and load it as a version.</summary>
internal static class ConfigBenchmarks
{
    private const int VirtualServers = 10_000;
    private const int RealServersEach = 5;
    private const int Iterations = 7;

    public static async Task RunAsync()
    {
        var config = LargeConfig.Create(VirtualServers, RealServersEach);
        var text = LvsConfigWriter.Write(config);
        Console.WriteLine($"configuration: {VirtualServers:N0} virtual servers, {VirtualServers * RealServersEach:N0} real servers, lvs.cf {text.Length / 1024.0 / 1024.0:F1} MiB");

        await Measurement.TimeAsync("lvs.cf parse (read)", Iterations, _ => { LvsConfigReader.Read(text); return Task.CompletedTask; });
        await Measurement.TimeAsync("validate", Iterations, _ => { ConfigValidator.Default.Validate(config); return Task.CompletedTask; });
        await Measurement.TimeAsync("lvs.cf parse + validate (piranhanet check)", Iterations,
            _ => { LvsConfigChecker.Check(text); return Task.CompletedTask; }, "target < 1000 ms");
        await Measurement.TimeAsync("lvs.cf write", Iterations, _ => { LvsConfigWriter.Write(config); return Task.CompletedTask; });

        var directory = Path.Combine(Path.GetTempPath(), "piranhanet-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var database = new SqliteDatabase(Path.Combine(directory, "bench.db"));
            await new MigrationRunner(database).MigrateAsync(CancellationToken.None);
            var repository = new SqliteConfigRepository(database, TimeProvider.System);
            var service = new ConfigService(repository, ConfigValidator.Default, new PiranhaNet.Web.Services.ChangeNotifier(Microsoft.Extensions.Logging.Abstractions.NullLogger<PiranhaNet.Web.Services.ChangeNotifier>.Instance), new SavedVersions());

            var serial = 0;
            await Measurement.TimeAsync("store: save as a new version", Iterations, async i =>
            {
                serial = (await repository.SaveAsync(config, serial, "bench", $"save {i}", null, CancellationToken.None)).Serial;
            }, "target < 1000 ms");
            await Measurement.TimeAsync("store: load the latest version", Iterations,
                _ => repository.GetLatestAsync(CancellationToken.None), "target < 1000 ms");
            await Measurement.TimeAsync("service: one weight change (load+validate+diff+save)", Iterations, i =>
                service.UpdateAsync(null, "bench", c => c.UpdateVirtualServer("vs5000", v => v with
                {
                    RealServers = v.RealServers.SetItem(0, v.RealServers[0] with { Weight = 100 + i + 1 }),
                }), CancellationToken.None));
            Console.WriteLine($"database file after {(await repository.ListAsync(CancellationToken.None)).Count} versions: {new FileInfo(database.Path).Length / 1024.0 / 1024.0:F1} MiB (+WAL)");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
