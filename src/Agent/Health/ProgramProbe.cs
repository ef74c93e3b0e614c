using System.Globalization;
using System.Net;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// Piranha's <c>send_program</c>: the program runs without a shell, its arguments split on spaces and %h and %p
/// replaced by the real server's address and port. With <c>expect</c> its output must satisfy it; without,
/// exit code 0 means up. With dynamic weights (keepalived's misc_dynamic) 1 is down and 2 to 255 are up at weight
/// code - 2. A program still running at the timeout is killed with its children.
/// </summary>
internal sealed class ProgramProbe(string commandLine, ExpectedText? expect, bool dynamicWeight = false) : IHealthProbe
{
    /// <inheritdoc />
    public async Task<ProbeResult> ProbeAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var words = CommandRunner.Words(commandLine, new Dictionary<string, string>
        {
            ["%h"] = target.Address.ToString(),
            ["%p"] = target.Port.ToString(CultureInfo.InvariantCulture),
        });
        CommandRunner.Outcome outcome;
        try
        {
            outcome = await CommandRunner.RunAsync(words, timeout, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return ProbeResult.Down($"cannot run {words[0]}: {e.Message}");
        }
        if (outcome.ExitCode is not { } exitCode)
        {
            return ProbeResult.TimedOut(timeout);
        }
        if (expect is not null)
        {
            return expect.IsIn(outcome.Output) ? ProbeResult.Up() : ProbeResult.Down(expect.Mismatch(outcome.Output));
        }
        if (dynamicWeight && exitCode is >= 2 and <= 255)
        {
            return ProbeResult.UpAt(exitCode - 2, $"exit code {exitCode}: weight {exitCode - 2}");
        }
        return exitCode == 0 ? ProbeResult.Up("exit code 0") : ProbeResult.Down($"exit code {exitCode}");
    }
}
