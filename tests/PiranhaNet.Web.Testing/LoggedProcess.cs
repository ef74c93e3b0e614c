using System.Diagnostics;
using System.Text;

namespace PiranhaNet.Web.Testing;

/// <summary>
/// A test's child process, <c>dotnet ASSEMBLY ARGS</c> (a dashboard, an agent), whose output is kept for the test to
/// check and to explain a failure; killed with its children when disposed.
/// </summary>
public sealed class LoggedProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private LoggedProcess(Process process) => Process = process;

    /// <summary>The process.</summary>
    public Process Process { get; }

    /// <summary>Called with each line it prints, as it prints it (standard output and error), on a reader's thread.</summary>
    public event Action<string>? LinePrinted;

    /// <summary>Everything it printed so far, standard output and error as they came.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="assembly"/> <paramref name="arguments"/></c>.</summary>
    public static LoggedProcess StartDotnet(string assembly, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var started = new LoggedProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {assembly}"));
        started.Process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        started.Process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        started.Process.BeginOutputReadLine();
        started.Process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; after <paramref name="within"/> fails the test, saying what was awaited and what the processes printed.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan within, params LoggedProcess[] processes)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"timed out waiting until {what}; the processes said:\n{string.Join("\n", processes.Select(p => p.Output))}");
            }
            await Task.Delay(50);
        }
    }

    private void Keep(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (line is not null)
        {
            LinePrinted?.Invoke(line);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
    }
}
