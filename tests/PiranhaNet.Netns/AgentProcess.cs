using System.Collections.Concurrent;
using System.Diagnostics;

namespace PiranhaNet.Netns;

/// <summary>
/// A real <c>piranhanet-agent</c> process inside a namespace (<c>ip netns exec</c>, which becomes the agent
/// itself, so a kill reaches it), with its output kept for the test to wait on.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _newLine = new(0);

    /// <summary>
    /// Starts the agent of <paramref name="name"/> in <paramref name="netns"/> on the state in <paramref name="stateDirectory"/>;
    /// with no <paramref name="controller"/> it has no dashboard and runs on its state directory alone.
    /// </summary>
    public AgentProcess(string netns, string name, string stateDirectory, string dataplane = "userspace", Uri? controller = null, string token = "lab")
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Without a dashboard the agent restores its state directory and runs on it, as directors do while the dashboard is down.
        foreach (var arg in new[] { "netns", "exec", netns, "dotnet", AgentBuild.AssemblyPath,
            "--controller", (controller ?? new Uri("http://127.0.0.1:9/")).ToString(), "--token", token, "--name", name, "--state-dir", stateDirectory, "--dataplane", dataplane })
        {
            start.ArgumentList.Add(arg);
        }
        // Inside the test VM the CPU is emulated, tens of times slower than the host (an agent takes a minute to start):
        // a dashboard's answer to a ping may take longer there than the default keep-alive allows.
        if (Environment.GetEnvironmentVariable("PIRANHANET_KERNEL_NETNS") == "1")
        {
            start.ArgumentList.Add("--keep-alive");
            start.ArgumentList.Add("60");
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>CPU time the agent has used so far (user and system).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Everything the agent printed so far.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Waits up to <paramref name="timeout"/> for a line containing <paramref name="text"/> printed after line <paramref name="after"/>.</summary>
    public async Task<bool> WaitForAsync(string text, TimeSpan timeout, int after = 0)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!_lines.Skip(after).Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            try
            {
                await _newLine.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>SIGKILL: the agent gets no chance to give anything up.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM, as systemd stops it: the agent gives up its addresses and tells the peer.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        return _process.WaitForExit(timeout);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _newLine.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _newLine.Release();
        }
    }
}
