using System.Diagnostics;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// Runs an operator's command line without a shell: split on spaces, placeholders replaced word by word, output
/// read up to a bound, and the program killed with its children when it outlives its timeout.
/// </summary>
internal static class CommandRunner
{
    private const int MaxOutput = 4096;

    /// <summary>How a run ended: its exit code (null when killed at the timeout) and the start of its output.</summary>
    public sealed record Outcome(int? ExitCode, string Output);

    /// <summary>The words of <paramref name="commandLine"/> with each placeholder ("%h") replaced by its value.</summary>
    public static string[] Words(string commandLine, IReadOnlyDictionary<string, string> placeholders) =>
        [.. commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => placeholders.Aggregate(word, (filled, p) => filled.Replace(p.Key, p.Value, StringComparison.Ordinal)))];

    /// <summary>Runs the program; throws <see cref="System.ComponentModel.Win32Exception"/> when it cannot be started.</summary>
    public static async Task<Outcome> RunAsync(IReadOnlyList<string> words, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(words[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in words.Skip(1))
        {
            start.ArgumentList.Add(word);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var process = Process.Start(start)!;
        try
        {
            var output = ReadLimitedAsync(process.StandardOutput, deadline.Token);
            _ = process.StandardError.ReadToEndAsync(deadline.Token);   // drained so the program never blocks on it
            await process.WaitForExitAsync(deadline.Token);
            return new Outcome(process.ExitCode, await output);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return new Outcome(null, "");
        }
    }

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
