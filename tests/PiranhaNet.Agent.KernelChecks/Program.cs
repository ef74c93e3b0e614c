using PiranhaNet.Agent.KernelChecks;

// Runs every check against the kernel's IPVS and prints "PASS name" or "FAIL name: reason" for each.
// The first line, "CHECKS n", lets the host tell a run that stopped early from one that passed.
// Exit status: the number of failed checks. Names given as arguments run only those checks (for working on one).
var selected = args.Length == 0 ? KernelIpvsChecks.All : [.. KernelIpvsChecks.All.Where(c => args.Contains(c.Name))];
Console.WriteLine($"CHECKS {selected.Count}");
var failures = 0;
foreach (var (name, check) in selected)
{
    try
    {
        await KernelIpvsChecks.ClearAsync();
        await check();
        Console.WriteLine($"PASS {name}");
    }
    catch (Exception e)
    {
        failures++;
        Console.WriteLine($"FAIL {name}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" | ")}");
    }
}
return failures;
