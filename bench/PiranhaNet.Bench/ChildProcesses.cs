using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using PiranhaNet.Agent.Persistence;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Bench;

/// <summary>
/// The programs the dataplane benchmarks start beside themselves: an agent restoring a state directory (it needs no
/// dashboard), HAProxy in TCP mode, each with its output kept for the error when it does not come up.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<Process, StringBuilder> s_outputs = new();

    /// <summary>What every started process printed so far.</summary>
    public static string Outputs => string.Join("\n", s_outputs.Select(o => $"{o.Key.StartInfo.FileName} {string.Join(' ', o.Key.StartInfo.ArgumentList)}: {o.Value}"));

    /// <summary>
    /// An agent process on <paramref name="dataplane"/> serving <paramref name="config"/> from a state directory under
    /// <paramref name="directory"/>; in network namespace <paramref name="netns"/> when given. The controller is a
    /// closed loopback port: the agent keeps retrying it and serves from its state meanwhile.
    /// </summary>
    public static async Task<Process> StartAgentAsync(string directory, LvsConfig config, string dataplane, string? netns = null)
    {
        var state = Path.Combine(directory, $"agent-{dataplane}");
        var keys = DesiredTable.From(config).Select(s => AppliedStateFile.ToStored(s.Key)).ToEquatableArray();
        await new AppliedStateFile(state).SaveAsync(new AppliedState(1, true, config, keys), CancellationToken.None);
        string[] agent = ["dotnet", PiranhaNet.Netns.AgentBuild.AssemblyPath, "--controller", "http://127.0.0.1:9/", "--token", "bench", "--name", "bench",
            "--state-dir", state, "--dataplane", dataplane];
        return netns is null ? StartQuiet(agent[0], agent[1..]) : StartQuiet("ip", ["netns", "exec", netns, .. agent]);
    }

    /// <summary>HAProxy in TCP mode, round robin, one listener per service; in <paramref name="netns"/> when given.</summary>
    public static Process StartHaproxy(string configPath, IEnumerable<(string Bind, string[] Backends)> services, string? netns = null)
    {
        var lines = new List<string>
        {
            // maxconn within this machine's open-file limit (20,000)
            "global", "  maxconn 8000", "defaults", "  mode tcp", "  timeout connect 5s", "  timeout client 60s", "  timeout server 60s",
        };
        var index = 0;
        foreach (var (bind, backends) in services)
        {
            lines.Add($"listen vs{index++}");
            lines.Add($"  bind {bind}");
            lines.Add("  balance roundrobin");
            lines.AddRange(backends.Select((backend, i) => $"  server r{i} {backend}"));
        }
        File.WriteAllLines(configPath, lines);
        return netns is null ? StartQuiet("haproxy", "-db", "-f", configPath) : StartQuiet("ip", "netns", "exec", netns, "haproxy", "-db", "-f", configPath);
    }

    /// <summary>A program whose output is kept, not shown.</summary>
    public static Process StartQuiet(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var output = new StringBuilder();
        s_outputs[process] = output;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills a started program and what it started.</summary>
    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Prints HAProxy's version, or says how to install it.</summary>
    public static void RequireHaproxy()
    {
        try
        {
            using var version = Process.Start(new ProcessStartInfo("haproxy", "-v") { RedirectStandardOutput = true })!;
            Console.WriteLine(version.StandardOutput.ReadLine());
            version.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("haproxy is not installed: bench/run installs it (apt-get install haproxy) when run as root");
        }
    }
}
