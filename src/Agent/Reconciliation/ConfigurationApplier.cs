using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.State;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Agent.Reconciliation;

/// <summary>
/// Turns a configuration version into the dataplane's table: validate, build the desired table (empty while
/// stopped, so Stop withdraws every managed service), plan against what the dataplane really holds, apply
/// all or nothing, then remember it. A failed version changes nothing and the previous one stays in force.
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
        try
        {
            plan = IpvsPlanner.Plan(await dataplane.ReadTableAsync(cancellationToken), desired, managed);
        }
        catch (DataplaneException e)
        {
            return new ApplyResult(version, false, [$"{e.Message}; nothing was changed"], [], []);
        }
        try
        {
            await dataplane.ApplyAsync(plan, cancellationToken);
        }
        catch (DataplaneException e)
        {
            return new ApplyResult(version, false, [$"{e.Message}; the previous table was restored"], [], plan.Unmanaged);
        }
        _applied = new AppliedState(version, running, config, desired.Select(s => AgentStateStore.ToStored(s.Key)).ToEquatableArray());
        await store.SaveAsync(_applied, cancellationToken);
        return new ApplyResult(version, true, [], plan.Changes, plan.Unmanaged);
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
