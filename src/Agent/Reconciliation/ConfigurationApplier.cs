using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Health;
using PiranhaNet.Agent.State;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Agent.Reconciliation;

/// <summary>
/// Turns a configuration version into the dataplane's table: validate, build the desired table (empty while
/// stopped, so Stop withdraws every managed service), plan against what the dataplane really holds, set the
/// connection timeouts the configuration names, apply all or nothing, then remember it. A failed version
/// changes nothing and the previous one stays in force. With a <see cref="HealthMonitor"/>, the desired table
/// follows the real servers' health, and <see cref="ReapplyAsync"/> brings it up to date when health changes.
/// Calls take turns (a version from the dashboard and a health change may arrive together).
/// </summary>
public sealed class ConfigurationApplier(IDataplane dataplane, AgentStateStore store, IConfigValidator validator, HealthMonitor? health = null)
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private AppliedState? _applied;
    private bool _unsaved;
    // The table in force and what the last full reconciliation found unmanaged, for edits that touch only what changed.
    private EquatableArray<IpvsService>? _table;
    private IReadOnlyList<IpvsServiceKey> _unmanaged = [];

    /// <summary>What is in force now, or null before the first apply.</summary>
    public AppliedState? Applied => _applied;

    /// <summary>Services in the table this agent did not create, as the last successful plan found them (a refused version restores that table).</summary>
    public IReadOnlyList<IpvsServiceKey> Unmanaged => _unmanaged;

    /// <summary>Applies a configuration version.</summary>
    /// <param name="version">The version's number, reported back.</param>
    /// <param name="config">The configuration.</param>
    /// <param name="running">False withdraws every managed service (Stop).</param>
    /// <param name="cancellationToken">Cancels the apply.</param>
    /// <param name="onlyChanges">
    /// Read and plan only the services whose desired settings differ from the version in force, instead of the
    /// whole table: an edit among thousands of services then costs what it touches. A full apply (the default,
    /// and always the first one) reconciles every service, including changes made behind the agent's back.
    /// </param>
    /// <param name="persist">
    /// False leaves writing the state directory to <see cref="PersistAsync"/>, so the caller can report the
    /// result first; the agent does, because the table is in force whether or not the file is written yet.
    /// </param>
    public async Task<ApplyResult> ApplyAsync(int version, LvsConfig config, bool running, CancellationToken cancellationToken,
        bool onlyChanges = false, bool persist = true)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return await ApplyInTurnAsync(version, config, running, onlyChanges, persist, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Applies the version in force again with the servers' health as it is now (changes only); null before
    /// the first apply. What the health monitor's changes go through.
    /// </summary>
    public async Task<ApplyResult?> ReapplyAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return _applied is { } applied
                ? await ApplyInTurnAsync(applied.Version, applied.Config, applied.Running, onlyChanges: true, persist: true, cancellationToken)
                : null;
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<ApplyResult> ApplyInTurnAsync(int version, LvsConfig config, bool running, bool onlyChanges, bool persist,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(config);
        if (errors.Count > 0)
        {
            return new ApplyResult(version, false, [.. errors.Select(e => e.ToString())], [], []);
        }
        var desired = running ? DesiredTable.From(health?.Overlay(config) ?? config) : EquatableArray<IpvsService>.Empty;
        var incremental = onlyChanges && _applied?.Running == running && _table is not null;
        IpvsPlan plan;
        IpvsTimeouts timeoutsBefore;
        try
        {
            plan = incremental ? await PlanChangesAsync(_table!.Value, desired, cancellationToken) : await PlanAllAsync(desired, cancellationToken);
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
        _table = desired;
        _unmanaged = plan.Unmanaged;
        // A push that changes nothing (Start/Stop of another director) or a health change does not rewrite the state
        // file, and keeps the state object: followers (the redundancy loop) tell a new version by its identity.
        if (_applied is null || _applied.Version != version || _applied.Running != running || !_applied.Config.Equals(config))
        {
            _unsaved = true;
            _applied = new AppliedState(version, running, config, desired.Select(s => AgentStateStore.ToStored(s.Key)).ToEquatableArray());
        }
        if (persist)
        {
            await PersistInTurnAsync(cancellationToken);
        }
        if (health is not null)
        {
            await health.WatchAsync(config, running);
        }
        return new ApplyResult(version, true, [], plan.Changes, plan.Unmanaged) { TimeoutsSet = timeoutsChanged ? timeouts : null };
    }

    /// <summary>Writes what is in force to the state directory, if it changed since the last write.</summary>
    public async Task PersistAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await PersistInTurnAsync(cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task PersistInTurnAsync(CancellationToken cancellationToken)
    {
        if (_unsaved && _applied is { } applied)
        {
            await store.SaveAsync(applied, cancellationToken);
            _unsaved = false;
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

    // Every service the dataplane holds against every desired one; deletes only what this agent created.
    private async Task<IpvsPlan> PlanAllAsync(EquatableArray<IpvsService> desired, CancellationToken cancellationToken)
    {
        var managed = _table is { } table
            ? table.Select(s => s.Key).ToHashSet()
            : (await store.LoadAsync(cancellationToken))?.Managed.Select(AgentStateStore.FromStored).ToHashSet() ?? [];
        return IpvsPlanner.Plan(await dataplane.ReadTableAsync(cancellationToken), desired, managed);
    }

    // Only the services whose desired settings changed (or that came or went), read back from the dataplane as
    // they are now so the plan is still against reality. Unmanaged services are as the last plan found them,
    // except the touched keys: wanted now (adopted) or found there unwanted and not ours (someone else's).
    private async Task<IpvsPlan> PlanChangesAsync(EquatableArray<IpvsService> inForce, EquatableArray<IpvsService> desired, CancellationToken cancellationToken)
    {
        var before = inForce.ToDictionary(s => s.Key);
        var touched = desired.Where(s => !before.TryGetValue(s.Key, out var old) || !old.Equals(s)).Select(s => s.Key).ToHashSet();
        touched.UnionWith(before.Keys.Except(desired.Select(s => s.Key)));
        if (touched.Count == 0)
        {
            return new IpvsPlan([], _unmanaged);
        }
        var current = await dataplane.ReadServicesAsync(touched, cancellationToken);
        var plan = IpvsPlanner.Plan(current, [.. desired.Where(s => touched.Contains(s.Key))], before.Keys.ToHashSet());
        return plan with { Unmanaged = [.. _unmanaged.Where(k => !touched.Contains(k)).Concat(plan.Unmanaged)] };
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
}
