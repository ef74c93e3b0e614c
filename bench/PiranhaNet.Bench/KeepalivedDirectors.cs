using System.Diagnostics;
using System.Globalization;
using PiranhaNet.Netns;

namespace PiranhaNet.Bench;

/// <summary>
/// What operators run when they do not run PiranhaNet, on the same <see cref="DirectorPairLab"/> network: keepalived's
/// VRRP (version 3, which takes sub-second advertisement intervals) moving group a's address 10.88.0.50 between the
/// directors by priority (100, 90, 80, with preemption), and HAProxy on each director forwarding port 80 to the real
/// server, the usual pairing. No PiranhaNet agent runs. A director "dies" as an agent does under kill -9: its VRRP
/// stops without a word (no priority-0 advertisement) and its forwarder with it, while its address stays behind.
/// </summary>
internal sealed class KeepalivedDirectors(DirectorPairLab lab, double advertInterval, string directory) : IDisposable
{
    private readonly Dictionary<int, (Process Vrrp, Process Forwarder)> _running = [];

    /// <summary>keepalived's version line, or an error saying bench/run installs it.</summary>
    public static string Version()
    {
        try
        {
            using var version = Process.Start(new ProcessStartInfo("keepalived", "--version") { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var line = version.StandardError.ReadLine() ?? version.StandardOutput.ReadLine() ?? "";
            version.WaitForExit();
            return line;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("keepalived is not installed: bench/run installs it (apt-get install keepalived) when run as root");
        }
    }

    /// <summary>Starts (or restarts) director <paramref name="number"/>'s keepalived and HAProxy.</summary>
    public void Start(int number)
    {
        var netns = lab.Director(number);
        var files = Path.Combine(directory, $"d{number}");
        // A restarted director starts afresh, as after a reboot: keepalived refuses to start while its pid files name a
        // process that still exists, and a killed VRRP child can linger as a zombie where nothing reaps orphans.
        if (Directory.Exists(files))
        {
            Directory.Delete(files, recursive: true);
        }
        Directory.CreateDirectory(files);
        var config = Path.Combine(files, "keepalived.conf");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $$"""
            global_defs {
                router_id lvs{{number}}
                vrrp_version 3
            }
            vrrp_instance a {
                state BACKUP
                interface eth0
                virtual_router_id 50
                priority {{110 - number * 10}}
                advert_int {{advertInterval}}
                virtual_ipaddress {
                    {{DirectorPairLab.Vip}}/32 dev eth0
                }
            }
            """));
        var vrrp = ChildProcesses.StartQuiet("ip", "netns", "exec", netns, "keepalived", "--dont-fork", "--log-console", "--vrrp", "--use-file", config,
            "--pid", Path.Combine(files, "keepalived.pid"), "--vrrp_pid", Path.Combine(files, "vrrp.pid"), "--checkers_pid", Path.Combine(files, "checkers.pid"));
        var forwarder = ChildProcesses.StartHaproxy(Path.Combine(files, "haproxy.cfg"), [("0.0.0.0:80", ["10.88.0.11:80"])], netns);
        _running[number] = (vrrp, forwarder);
    }

    /// <summary>
    /// Kills director <paramref name="number"/>'s keepalived and HAProxy at once. Every keepalived process is stopped
    /// before any is killed: a VRRP child that outlived its parent for a moment would be told to end (SIGTERM) and would
    /// say goodbye with a priority-0 advertisement, a graceful hand-over that a dead director never makes.
    /// </summary>
    public void Kill(int number)
    {
        var (vrrp, forwarder) = _running[number];
        var tree = Descendants(vrrp.Id).Prepend(vrrp.Id).ToList();
        foreach (var pid in tree)
        {
            Signal(pid, "STOP");
        }
        foreach (var pid in tree)
        {
            Signal(pid, "KILL");
        }
        vrrp.WaitForExit();
        ChildProcesses.Stop(forwarder);
        _running.Remove(number);
    }

    public void Dispose()
    {
        foreach (var number in _running.Keys.ToList())
        {
            Kill(number);
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!;
        kill.WaitForExit();
    }

    // The processes below pid, from each process's parent in /proc/PID/stat (the field after the name in parentheses).
    private static IEnumerable<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                parents[int.Parse(Path.GetFileName(Path.GetDirectoryName(stat)!), CultureInfo.InvariantCulture)] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // not a process, or one that ended meanwhile
            }
        }
        var found = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }
        return found;
    }
}
