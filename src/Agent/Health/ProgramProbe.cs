using System.Diagnostics;
using System.Net;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// Piranha's <c>send_program</c>: the program runs without a shell, its arguments split on spaces and %h and %p
/// replaced by the real server's address and port. With <c>expect</c> its output must satisfy it; without,
/// exit code 0 means up. A program still running at the timeout is killed with its children.
/// </summary>
public sealed class ProgramProbe(string commandLine, ExpectedText? expect) : IHealthProbe
{
    private const int MaxOutput = 4096;
    private readonly string[] _words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <inheritdoc />
    public async Task<ProbeResult> ProbeAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Fill(_words[0], target)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in _words.Skip(1))
        {
            start.ArgumentList.Add(Fill(word, target));
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return ProbeResult.Down($"cannot run {_words[0]}: {e.Message}");
        }
        using (process)
        {
            try
            {
                var output = ReadLimitedAsync(process.StandardOutput, deadline.Token);
                _ = process.StandardError.ReadToEndAsync(deadline.Token);   // drained so the program never blocks on it
                await process.WaitForExitAsync(deadline.Token);
                var text = await output;
                if (expect is not null)
                {
                    return expect.IsIn(text) ? ProbeResult.Up() : ProbeResult.Down(expect.Mismatch(text));
                }
                return process.ExitCode == 0 ? ProbeResult.Up("exit code 0") : ProbeResult.Down($"exit code {process.ExitCode}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return ProbeResult.TimedOut(timeout);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
    }

    private static string Fill(string word, IPEndPoint target) =>
        word.Replace("%h", target.Address.ToString(), StringComparison.Ordinal).Replace("%p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static async Task<string> ReadLimitedAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var buffer = new char[MaxOutput];
        var filled = 0;
        int read;
        while (filled < MaxOutput && (read = await reader.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }
        return new string(buffer, 0, filled);
    }
}
