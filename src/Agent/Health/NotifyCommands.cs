using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// The agent's <c>--notify-up</c> and <c>--notify-down</c> commands, as keepalived's notify_up/notify_down: run
/// without a shell when a real server comes up or goes down, with %v (virtual server), %r (real server) and
/// %s (the reason) replaced, killed after <see cref="Timeout"/>. They run beside the checks, never holding them up.
/// </summary>
public sealed class NotifyCommands(string? up, string? down, Action<string> log)
{
    /// <summary>How long a notify command may run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Starts the command that fits <paramref name="change"/>, if any; returns the run, for tests.</summary>
    public Task OnStateChanged(HealthEvent change)
    {
        var command = change.To switch
        {
            HealthState.Up => up,
            HealthState.Down => down,
            _ => null,
        };
        return command is null ? Task.CompletedTask : RunAsync(command, change);
    }

    private async Task RunAsync(string command, HealthEvent change)
    {
        var words = CommandRunner.Words(command, new Dictionary<string, string>
        {
            ["%v"] = change.VirtualServer,
            ["%r"] = change.RealServer,
            ["%s"] = change.Reason,
        });
        try
        {
            var outcome = await CommandRunner.RunAsync(words, Timeout, CancellationToken.None);
            if (outcome.ExitCode is not 0)
            {
                log($"notify command {words[0]} for {change.RealServer} of {change.VirtualServer} " +
                    (outcome.ExitCode is { } code ? $"exited with {code}" : $"was killed after {Timeout.TotalSeconds:0} s"));
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log($"notify command {words[0]} cannot run: {e.Message}");
        }
    }
}
