using System.Globalization;

namespace PiranhaNet.Bench.Fleet;

/// <summary>A process's CPU time and resident memory, read from /proc.</summary>
internal static class ProcessUsage
{
    // /proc/PID/stat counts CPU time in clock ticks, 100 a second on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds used so far, user and system.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Resident memory in MiB (VmRSS).</summary>
    public static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }
}
