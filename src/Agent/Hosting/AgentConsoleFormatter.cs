using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace PiranhaNet.Agent.Hosting;

/// <summary>
/// One line per log event, as operators grep them: <c>2026-12-03T10:00:00.000Z lvs1: standby -> active: peer silent on
/// every path</c>, with <c>warning:</c> or <c>error:</c> before the message when it is one, and an exception's message
/// after it.
/// </summary>
internal sealed class AgentConsoleFormatter(AgentConsoleFormatter.Director director) : ConsoleFormatter(FormatterName)
{
    /// <summary>The formatter's name in the console logger's options.</summary>
    public const string FormatterName = "piranhanet-agent";

    /// <summary>The director's name, which every line carries (several agents' logs are often read together).</summary>
    public sealed record Director(string Name);

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => "",
        };
        var exception = logEntry.Exception is { } e ? $" ({e.GetType().Name}: {e.Message})" : "";
        textWriter.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {director.Name}: {level}{message}{exception}");
    }
}
