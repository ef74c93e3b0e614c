using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.State;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Agent.Reconciliation;

/// <summary>
/// Turns a configuration version into the dataplane's table: validate, build the desired table (empty while
/// stopped, so Stop withdraws every managed service), plan against what the dataplane really holds, set the
/// connection timeouts the configuration names, apply all or nothing, then remember it. A failed version changes nothing and the previous one stays in force.
/// Not thread-safe: the agent applies one version at a time.
/// </summary>
public sealed class ConfigurationApplier(IDataplane dataplane, AgentStateStore store, IConfigValidator validator)
{
    private AppliedState? _applied;

    /// <summary>What is in force now, or null before the first apply.</summary>
    public AppliedState? Applied => _applied;

    /// <summary>Applies <paramref name="config"/> as <paramref name="version"/>; with <paramref name="running"/> false withdraws the services.</summary>
    public async Task<ApplyResult> ApplyAsync(int version, LvsConfig config, bool running, CancellationToken cancellationToken)
    {
        var errors = validator.Validate(config);
        if (errors.Count > 0)
        {
            return new ApplyResult(version, false, [.. errors.Select(e => e.ToString())], [], []);
        }
        var managed = (_applied ?? await store.LoadAsync(cancellationToken))?.Managed.Select(AgentStateStore.FromStored).ToHashSet() ?? [];
        var desired = running ? DesiredTable.From(config) : EquatableArray<IpvsService>.Empty;
        IpvsPlan plan;
        IpvsTimeouts timeoutsBefore;
        try
        {
            plan = IpvsPlanner.Plan(await dataplane.ReadTableAsync(cancellationToken), desired, managed);
            timeoutsBefore = await dataplane.ReadTimeoutsAsync(cancellationToken);
        }
        catch (DataplaneException e)
        {
            return Failed(version, $"{e.Message}; nothing was changed");
        }
        // Timeouts are the director's, not a service's: a stopped director keeps them as they are.
        var timeouts = running ? timeoutsBefore.With(config.Global.ConnectionTimeouts) : timeoutsBefore;
        var timeoutsChanged = timeouts != timeoutsBefore;
        try
        {
            if (timeoutsChanged)
            {
                await dataplane.SetTimeoutsAsync(timeouts, cancellationToken);
            }
        }
        catch (DataplaneException e)
        {
            return Failed(version, $"{e.Message}; nothing was changed");
        }
        try
        {
            await dataplane.ApplyAsync(plan, cancellationToken);
        }
        catch (DataplaneException e)
        {
            var timeoutsRestore = timeoutsChanged ? await RestoreTimeoutsAsync(timeoutsBefore, cancellationToken) : "";
            return Failed(version, $"{e.Message}; the previous table was restored{timeoutsRestore}") with { Unmanaged = plan.Unmanaged };
        }
        _applied = new AppliedState(version, running, config, desired.Select(s => AgentStateStore.ToStored(s.Key)).ToEquatableArray());
        await store.SaveAsync(_applied, cancellationToken);
        return new ApplyResult(version, true, [], plan.Changes, plan.Unmanaged) { TimeoutsSet = timeoutsChanged ? timeouts : null };
    }

    private static ApplyResult Failed(int version, string reason) => new(version, false, [reason], [], []);

    private async Task<string> RestoreTimeoutsAsync(IpvsTimeouts previous, CancellationToken cancellationToken)
    {
        try
        {
            await dataplane.SetTimeoutsAsync(previous, cancellationToken);
            return " with its timeouts";
        }
        catch (DataplaneException e)
        {
            return $", but its timeouts could not be put back ({e.Message})";
        }
    }

    /// <summary>
    /// On start: applies the stored version without waiting for the dashboard; null on a fresh director. Only a
    /// restore that succeeds counts as applied, so a failed one is not reported to the dashboard as in force.
    /// </summary>
    public async Task<ApplyResult?> RestoreAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(cancellationToken);
        return stored is null ? null : await ApplyAsync(stored.Version, stored.Config, stored.Running, cancellationToken);
    }
}
