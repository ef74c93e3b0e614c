using PiranhaNet.Core.Redundancy;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// The failures of a takeover's or a step-down's steps (an address, a command, the sync daemon): each logged as a
/// warning, the last kept for the status until the next change of state clears it. Thread-safe: commands run on the pool.
/// </summary>
internal sealed partial class TakeoverFailures(ILogger logger)
{
    private string? _last;

    /// <summary>The last failure since <see cref="Clear"/>, or null.</summary>
    public string? Last => Volatile.Read(ref _last);

    /// <summary>Forgets the last failure (a new change of state begins).</summary>
    public void Clear() => Volatile.Write(ref _last, null);

    /// <summary>Logs and keeps each failure.</summary>
    public void Add(IEnumerable<string> failures)
    {
        foreach (var failure in failures)
        {
            Add(failure);
        }
    }

    /// <summary>Logs and keeps a failure; null is none.</summary>
    public void Add(string? failure)
    {
        if (failure is null)
        {
            return;
        }
        LogFailure(logger, failure);
        Volatile.Write(ref _last, failure);
    }

    /// <summary>
    /// Runs the operator's commands on the pool and keeps their failures: commands may take seconds, and the heartbeats
    /// of the loop that asks for them must go on meanwhile.
    /// </summary>
    public void RunSoon(ITakeoverActions actions, IReadOnlyList<(string What, string? CommandLine)> commands, CancellationToken cancellationToken)
    {
        if (commands.Count == 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                Add(await actions.RunAsync(commands, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                // the agent is stopping
            }
        }, CancellationToken.None);
    }

    /// <summary>
    /// With <paramref name="monitorLinks"/>, the fault of the first device of <paramref name="addresses"/> without carrier
    /// (a monitored link down hands over), or null.
    /// </summary>
    public static string? LinkFault(bool monitorLinks, IEnumerable<FloatingAddress> addresses, INetworkDevices devices) => monitorLinks
        && addresses.Select(a => a.LinkDevice).Distinct().FirstOrDefault(device => !devices.HasCarrier(device)) is { } down
            ? $"monitored link {down} has no carrier"
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failure}")]
    private static partial void LogFailure(ILogger logger, string failure);
}
