using PiranhaNet.Bench;

// bench/run [NAME...]: runs the named benchmark groups (default: all) and prints their figures.
var groups = new Dictionary<string, Func<Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["config"] = ConfigBenchmarks.RunAsync,
    ["grid"] = GridRenderBenchmarks.RunAsync,
    ["apply"] = ApplyLatencyBenchmarks.RunAsync,
    ["apply-steps"] = ApplyStepBenchmarks.RunAsync,
    ["ipvs"] = KernelIpvsBenchmarks.RunAsync,
    ["proxy"] = ProxyBenchmarks.RunAsync,
    ["nftables"] = NftablesBenchmarks.RunAsync,
    ["health"] = HealthCheckBenchmarks.RunAsync,
    ["failover"] = FailoverBenchmarks.RunAsync,
    ["cluster-failover"] = ClusterFailoverBenchmarks.RunAsync,
    ["dashboard-failover"] = DashboardFailoverBenchmarks.RunAsync,
    ["history"] = HistoryBenchmarks.RunAsync,
    ["shared-store"] = SharedStoreBenchmarks.RunAsync,
    ["fleet"] = PiranhaNet.Bench.Fleet.FleetBenchmarks.RunAsync,
};
// Checked real servers for the apply and health groups run in a child process of this program.
if (await AcceptingProcess.RunIfAskedAsync(args))
{
    return 0;
}
// The fleet group runs its simulated directors in child processes of this program.
if (args is [PiranhaNet.Bench.Fleet.FleetWorker.Verb, var directorsFile])
{
    await PiranhaNet.Bench.Fleet.FleetWorker.RunAsync(directorsFile);
    return 0;
}
// The ipvs group re-runs this program inside the test VM with this hidden group name.
if (args is ["ipvs-in-vm"])
{
    await KernelIpvsBenchmarks.RunInsideVmAsync();
    return 0;
}
var selected = args.Length == 0 ? [.. groups.Keys] : args;
foreach (var name in selected)
{
    if (!groups.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"unknown benchmark '{name}'; known: {string.Join(", ", groups.Keys)}");
        return 2;
    }
    Console.WriteLine($"== {name} ({Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
    await run();
}
return 0;
