using PiranhaNet.Agent.Hosting;
using PiranhaNet.Agent.Runtime;
using Microsoft.Extensions.Options;

namespace PiranhaNet.Agent.Reconciliation;

/// <summary>
/// Keeps the dataplane's table what the version in force and the real servers' health ask for. At start it restores
/// the last applied version from the state directory, so a director forwards while the dashboard is away. Then it
/// brings the table up to date whenever health changes it (<see cref="AgentSignals.TableStale"/>), and every
/// <see cref="AgentOptions.ReconcileInterval"/> compares the whole table with what it should be and repairs what was
/// changed behind the agent's back (an operator's ipvsadm, another tool), logging what it repaired.
/// </summary>
internal sealed partial class ReconcileLoop(TableReconciler table, AgentSignals signals, IOptions<AgentOptions> options, TimeProvider time,
    ILogger<ReconcileLoop> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RestoreAsync(stoppingToken);
            var interval = options.Value.ReconcileInterval;
            var nextReconcile = time.GetUtcNow() + interval;
            while (true)
            {
                var wait = interval > TimeSpan.Zero ? nextReconcile - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
                if (await signals.TableStale.WaitAsync(wait, time, stoppingToken))
                {
                    // Health changes arrive from many check loops at once; one refresh takes all that came before it starts.
                    if (await table.RefreshAsync(stoppingToken) is { Succeeded: false } failed)
                    {
                        LogRefreshFailed(logger, string.Join("; ", failed.Reasons));
                    }
                    continue;
                }
                await ReconcileAsync(stoppingToken);
                nextReconcile = time.GetUtcNow() + interval;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RestoreAsync(CancellationToken cancellationToken)
    {
        if (await table.RestoreAsync(cancellationToken) is not { } restored)
        {
            return;
        }
        if (restored.Succeeded)
        {
            LogRestored(logger, restored.Version, options.Value.StateDirectory, restored.ChangeCount);
        }
        else
        {
            LogRestoreFailed(logger, restored.Version, string.Join("; ", restored.Reasons));
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        switch (await table.ReconcileAsync(cancellationToken))
        {
            case { Succeeded: true, Changes.Count: > 0 } repaired:
                LogRepaired(logger, repaired.Changes.Count, string.Join("; ", repaired.Changes.Take(5)) + (repaired.Changes.Count > 5 ? "; ..." : ""));
                break;
            case { Succeeded: false } failed:
                LogRepairFailed(logger, string.Join("; ", failed.Reasons));
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "restored version {Version} from {Directory} ({Changes} change(s))")]
    private static partial void LogRestored(ILogger logger, int version, string directory, int changes);

    [LoggerMessage(Level = LogLevel.Error, Message = "could not restore version {Version}: {Reasons}")]
    private static partial void LogRestoreFailed(ILogger logger, int version, string reasons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "health change not applied: {Reasons}")]
    private static partial void LogRefreshFailed(ILogger logger, string reasons);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the table had been changed behind the agent's back; repaired {Count} change(s): {Changes}")]
    private static partial void LogRepaired(ILogger logger, int count, string changes);

    [LoggerMessage(Level = LogLevel.Error, Message = "the table differs from the version in force and could not be repaired: {Reasons}")]
    private static partial void LogRepairFailed(ILogger logger, string reasons);
}
