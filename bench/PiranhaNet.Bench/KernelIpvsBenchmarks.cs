using System.Diagnostics;
using System.Globalization;
using System.Text;
using PiranhaNet.Agent.Dataplane.Ipvs;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Bench;

/// <summary>
/// The kernel IPVS dataplane against the real kernel: on the host, boots the test VM (tests/vm, emulated
/// CPU) and runs the in-VM half there. Absolute times are slow under emulation; compare the ratios.
/// </summary>
internal static class KernelIpvsBenchmarks
{
    private const int VirtualServers = 10_000;
    private const int RealServersEach = 10;
    // Under emulation a whole load of this table takes tens of seconds: few samples, and a VM allowed the time.
    private const int LoadSamples = 3;
    private const string VmTimeoutSeconds = "1800";

    /// <summary>Host side: runs <see cref="RunInsideVmAsync"/> inside the test VM and relays its output.</summary>
    public static async Task RunAsync()
    {
        var root = PiranhaNet.Web.Testing.RepositoryPaths.Root;
        var script = Path.Combine(Path.GetTempPath(), $"piranhanet-bench-ipvs-{Guid.NewGuid():N}.sh");
        // The guest sees the host's files, so it finds the kernel's module files in the VM cache.
        var cache = Environment.GetEnvironmentVariable("PIRANHANET_VM_CACHE") ?? "/var/cache/piranhanet-vm";
        await File.WriteAllTextAsync(script, $"cd '{root}' && PIRANHANET_VM_CACHE='{cache}' exec dotnet '{typeof(KernelIpvsBenchmarks).Assembly.Location}' ipvs-in-vm\n");
        try
        {
            var start = new ProcessStartInfo(Path.Combine(root, "tests", "vm", "run"), [script]) { RedirectStandardOutput = true };
            start.Environment["VM_TIMEOUT"] = VmTimeoutSeconds;
            start.Environment["VM_MEMORY"] = "2048";
            using var vm = Process.Start(start)!;
            while (await vm.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith('['))   // kernel messages
                {
                    Console.WriteLine(line);
                }
            }
            await vm.WaitForExitAsync();
            if (vm.ExitCode != 0)
            {
                throw new InvalidOperationException($"the VM run failed ({vm.ExitCode}); run tests/vm/prepare as root first");
            }
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>VM side: full table loads and single edits, netlink against ipvsadm.</summary>
    public static async Task RunInsideVmAsync()
    {
        var desired = DesiredTable.From(LargeConfig.Create(VirtualServers, RealServersEach));
        var rules = RestoreRules(desired);
        Console.WriteLine($"table: {VirtualServers} services x {RealServersEach} destinations; kernel {Environment.OSVersion.Version}");
        // Each load starts from a freshly loaded ip_vs module: after a flush, 6.1 keeps the deleted destinations
        // in a trash list for minutes and walks it on every add, which makes a reload quadratic (see the note).
        var netlink = await Measurement.TimeAsync("load whole table: agent over netlink", LoadSamples, async _ =>
        {
            await FreshIpvsAsync();
            await using var fresh = KernelIpvsDataplane.Open();
            await fresh.ApplyAsync(IpvsPlanner.Plan([], desired, new HashSet<IpvsServiceKey>()), CancellationToken.None);
        }, warmUp: false);
        var restore = await Measurement.TimeAsync("load whole table: ipvsadm -R", LoadSamples, async _ =>
        {
            await FreshIpvsAsync();
            await Ipvsadm("-R", rules);
        }, warmUp: false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio netlink / ipvsadm -R (p50): {Median(netlink) / Median(restore):F2}"));
        await using var dataplane = KernelIpvsDataplane.Open();

        // What the agent does for an edit pushed as changes: read back only the touched service, plan, apply.
        var managed = desired.Select(s => s.Key).ToHashSet();
        var weight = 1;
        await Measurement.TimeAsync("one weight change: read the service + plan + apply", 30, async _ =>
        {
            weight = weight % 50 + 1;
            var first = desired[0];
            IpvsService[] edited = [first with { Destinations = [first.Destinations[0] with { Weight = weight }, .. first.Destinations.Skip(1)] }];
            var current = await dataplane.ReadServicesAsync([first.Key], CancellationToken.None);
            await dataplane.ApplyAsync(IpvsPlanner.Plan(current, edited, managed), CancellationToken.None);
        });
        var status = await Measurement.TimeAsync("read status (counters, rates): netlink dump", LoadSamples, async _ => await dataplane.ReadStatusAsync(CancellationToken.None));
        var listing = await Measurement.TimeAsync("read status: ipvsadm -Ln --stats", LoadSamples, async _ => await Ipvsadm("-Ln --stats"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio netlink / ipvsadm (p50): {Median(status) / Median(listing):F2}"));
        await Ipvsadm("-C");
    }

    // The same table as ipvsadm restore lines (-A service, -a destination); direct routing (-g).
    private static string RestoreRules(IEnumerable<IpvsService> services)
    {
        var rules = new StringBuilder();
        foreach (var service in services)
        {
            var endpoint = IpvsEndpoint.Format(service.Key.Address!, service.Key.Port);
            rules.Append(CultureInfo.InvariantCulture, $"-A -t {endpoint} -s {service.Scheduler}\n");
            foreach (var destination in service.Destinations)
            {
                rules.Append(CultureInfo.InvariantCulture, $"-a -t {endpoint} -r {IpvsEndpoint.Format(destination.Address, destination.Port)} -g -w {destination.Weight}\n");
            }
        }
        return rules.ToString();
    }

    // An empty table and an empty destination trash: the IPVS modules unloaded and loaded again. The guest runs
    // chrooted in the host's files, where modprobe finds no modules for the guest's kernel, so rmmod and insmod
    // by path from the VM cache.
    private static async Task FreshIpvsAsync()
    {
        await Ipvsadm("-C");
        var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var cache = Environment.GetEnvironmentVariable("PIRANHANET_VM_CACHE") ?? "/var/cache/piranhanet-vm";
        var modules = Path.Combine(cache, $"kernel-{release}", "lib", "modules", release, "kernel", "net", "netfilter", "ipvs");
        // Every scheduler module holds ip_vs; the table here needs only rr and wlc back.
        foreach (var scheduler in Directory.GetDirectories("/sys/module", "ip_vs_*"))
        {
            await Run("rmmod", Path.GetFileName(scheduler));
        }
        await Run("rmmod", "ip_vs");
        foreach (var module in new[] { "ip_vs", "ip_vs_rr", "ip_vs_wlc" })
        {
            await Run("insmod", Path.Combine(modules, $"{module}.ko"));
        }
    }

    private static async Task Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments))!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode})");
        }
    }

    private static async Task Ipvsadm(string arguments, string? input = null)
    {
        using var process = Process.Start(new ProcessStartInfo("ipvsadm", arguments) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ipvsadm {arguments} failed ({process.ExitCode})");
        }
    }

    private static double Median(double[] samples) => samples.Order().ElementAt(samples.Length / 2);
}
