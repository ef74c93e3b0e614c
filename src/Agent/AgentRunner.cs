using System.Runtime.CompilerServices;
using PiranhaNet.Agent.Channel;
using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Dataplane.Ipvs;
using PiranhaNet.Agent.Dataplane.Userspace;
using PiranhaNet.Agent.Health;
using PiranhaNet.Agent.Redundancy;
using PiranhaNet.Agent.Reconciliation;
using PiranhaNet.Agent.State;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Agent;

/// <summary>
/// Runs a director agent: picks the dataplane, re-applies the last applied version from the state directory
/// at once (directors keep forwarding while the dashboard is down), then follows the dashboard.
/// Used by the <c>piranhanet-agent</c> process and by the dashboard's embedded local agent alike.
/// </summary>
public static class AgentRunner
{
    /// <summary>The dataplane for <paramref name="choice"/>, or a reason it cannot be had.</summary>
    public static (IDataplane? Dataplane, string Message) ChooseDataplane(DataplaneChoice choice)
    {
        if (choice == DataplaneChoice.Userspace)
        {
            return (new UserspaceDataplane(TimeProvider.System), "dataplane: userspace (chosen)");
        }
        try
        {
            return (KernelIpvsDataplane.Open(), "dataplane: ipvs (the kernel's IPVS over generic netlink)");
        }
        catch (DataplaneException e) when (choice == DataplaneChoice.Auto)
        {
            return (new UserspaceDataplane(TimeProvider.System), $"dataplane: userspace (auto: {e.Message})");
        }
        catch (DataplaneException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; the dataplane is disposed at the end.</summary>
    public static async Task RunAsync(AgentOptions options, IDataplane dataplane, Action<string> log, CancellationToken cancellationToken)
    {
        await using (dataplane)
        {
            await using var health = new HealthMonitor(TimeProvider.System, log);
            var applier = new ConfigurationApplier(dataplane, new AgentStateStore(options.StateDirectory), ConfigValidator.Default, health);
            await using var redundancy = new RedundancyController(applier, dataplane, options.StateDirectory, TimeProvider.System, log);
            var connection = new ControllerConnection(options, applier, dataplane, log, health, redundancy);
            redundancy.Changed += connection.ReportSoon;
            var pending = new StrongBox<int>();
            health.Changed += () => ReapplySoon(pending, applier, connection, log, cancellationToken);
            health.StateChanged += connection.Record;
            var notify = new NotifyCommands(options.NotifyUp, options.NotifyDown, log);
            health.StateChanged += change => _ = notify.OnStateChanged(change);
            if (await applier.RestoreAsync(cancellationToken) is { } restored)
            {
                log(restored.Succeeded
                    ? $"restored version {restored.Version} from {options.StateDirectory} ({restored.ChangeCount} change(s))"
                    : $"could not restore version {restored.Version}: {string.Join("; ", restored.Reasons)}");
            }
            // Heartbeats run beside the dashboard link, not through it: failover works while the dashboard is away.
            await Task.WhenAll(connection.RunAsync(cancellationToken), redundancy.RunAsync(cancellationToken));
        }
    }

    // Health changes arrive from many check loops at once; one re-apply takes all that came before it starts.
    private static void ReapplySoon(StrongBox<int> pending, ConfigurationApplier applier, ControllerConnection connection, Action<string> log,
        CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref pending.Value, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            Interlocked.Exchange(ref pending.Value, 0);
            try
            {
                if (await applier.ReapplyAsync(cancellationToken) is { Succeeded: false } failed)
                {
                    log($"health change not applied: {string.Join("; ", failed.Reasons)}");
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            connection.ReportSoon();
        }, CancellationToken.None);
    }
}
