using PiranhaNet.Core.Protocol;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// The agent's <c>--notify-up</c> and <c>--notify-down</c> commands, as keepalived's notify_up/notify_down: run
/// without a shell when a real server comes up or goes down, with %v (virtual server), %r (real server) and
/// %s (the reason) replaced, killed after <see cref="Timeout"/>. They run beside the checks, never holding them up.
/// A real server's own commands (its configuration's notify_up and notify_down) run too.
/// </summary>
internal sealed partial class NotifyCommands(string? up, string? down, ILogger<NotifyCommands> logger)
{
    /// <summary>How long a notify command may run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts the agent's command that fits <paramref name="change"/> and the real server's own
    /// (<paramref name="ownUp"/>, <paramref name="ownDown"/>), if any; returns the runs, for tests.
    /// </summary>
    public Task OnStateChangedAsync(HealthEvent change, string? ownUp = null, string? ownDown = null)
    {
        var commands = change.To switch
        {
            HealthState.Up => new[] { up, ownUp },
            HealthState.Down => [down, ownDown],
            _ => [],
        };
        return Task.WhenAll(commands.OfType<string>().Select(command => RunAsync(command, change)));
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
                LogFailed(logger, words[0], change.RealServer, change.VirtualServer,
                    outcome.ExitCode is { } code ? $"exited with {code}" : $"was killed after {Timeout.TotalSeconds:0} s");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            LogCannotRun(logger, words[0], e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "notify command {Command} for {RealServer} of {VirtualServer} {Outcome}")]
    private static partial void LogFailed(ILogger logger, string command, string realServer, string virtualServer, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "notify command {Command} cannot run: {Reason}")]
    private static partial void LogCannotRun(ILogger logger, string command, string reason);
}
