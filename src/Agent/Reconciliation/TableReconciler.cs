using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Persistence;
using PiranhaNet.Agent.Runtime;
using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Agent.Reconciliation;

/// <summary>
/// The one owner of the dataplane's table. The table it wants is computed from the version in force and what is
/// true now of the real servers (<see cref="IRealServerAvailability"/>), never from rewritten configuration; nothing
/// else writes the table. It applies a version (validate, plan against what the dataplane really holds, set the
/// connection timeouts, apply all or nothing, remember it), brings the table up to date when health changed
/// (<see cref="RefreshAsync"/>) and repairs changes made behind its back (<see cref="ReconcileAsync"/>). A failed
/// version changes nothing and the previous one stays in force. Each version in force is published on
/// <see cref="LatestValue{T}"/> for the health checks and redundancy to follow. Operations take turns on one
/// <see cref="SerialQueue"/>.
/// </summary>
internal sealed class TableReconciler(IDataplane dataplane, AppliedStateFile file, IConfigValidator validator, IRealServerAvailability availability,
    LatestValue<AppliedVersion> versions, AgentSignals signals)
{
    private readonly SerialQueue _turns = new();
    private readonly TaskCompletionSource _restored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AppliedState? _applied;
    private bool _unsaved;
    // The table in force and what the last plan found unmanaged, for edits that touch only what changed.
    private EquatableArray<IpvsService>? _table;
    private IReadOnlyList<IpvsServiceKey> _unmanaged = [];

    /// <summary>What is in force now, or null before the first apply.</summary>
    public AppliedState? Applied => _applied;

    /// <summary>Services in the table this agent did not create, as the last successful plan found them.</summary>
    public IReadOnlyList<IpvsServiceKey> Unmanaged => _unmanaged;

    /// <summary>Why the last version from the dashboard failed, or null when it was applied.</summary>
    public string? LastError { get; private set; }

    /// <summary>Completes once the state directory's version was restored (or found absent) at start.</summary>
    public Task Restored => _restored.Task;

    /// <summary>Applies a configuration version.</summary>
    /// <param name="version">The version's number, reported back.</param>
    /// <param name="config">The configuration.</param>
    /// <param name="running">False withdraws every managed service (Stop).</param>
    /// <param name="cancellationToken">Cancels the apply.</param>
    /// <param name="onlyChanges">
    /// Read and plan only the services whose desired settings differ from the table in force, instead of the whole
    /// table: an edit among thousands of services then costs what it touches. A full apply (and always the first)
    /// reconciles every service, including changes made behind the agent's back.
    /// </param>
    /// <param name="persist">
    /// False leaves writing the state directory to <see cref="PersistAsync"/>, so the caller can report the result
    /// first; the agent does, because the table is in force whether or not the file is written yet.
    /// </param>
    public Task<ApplyResult> ApplyAsync(int version, LvsConfig config, bool running, CancellationToken cancellationToken, bool onlyChanges = false,
        bool persist = true) =>
        _turns.RunAsync(async token =>
        {
            var result = await ApplyInTurnAsync(version, config, running, onlyChanges ? Scope.Changes : Scope.Whole, persist, null, token);
            LastError = result.Succeeded ? null : string.Join("; ", result.Reasons);
            return result;
        }, cancellationToken);

    /// <summary>
    /// Brings the table of the version in force up to date with the real servers' health as it is now, touching only
    /// what changed; null before the first apply. The version was validated when it was applied, and its timeouts set.
    /// </summary>
    public Task<ApplyResult?> RefreshAsync(CancellationToken cancellationToken) => _turns.RunAsync(async token =>
    {
        if (_applied is not { } applied || _table is not { } table)
        {
            return null;
        }
        var desired = DesiredOf(applied.Config, applied.Running);
        return (ApplyResult?)await ApplyTableAsync(applied.Version, desired, () => PlanChangesAsync(table, desired, token), token);
    }, cancellationToken);

    /// <summary>
    /// Plans the version in force against the whole table the dataplane holds and applies what differs: repairs
    /// changes made behind the agent's back (with ipvsadm, say). Null before the first apply.
    /// </summary>
    public Task<ApplyResult?> ReconcileAsync(CancellationToken cancellationToken) => _turns.RunAsync(async token =>
    {
        if (_applied is not { } applied)
        {
            return null;
        }
        var desired = DesiredOf(applied.Config, applied.Running);
        return (ApplyResult?)await ApplyTableAsync(applied.Version, desired, () => PlanAllAsync(desired, null, token), token);
    }, cancellationToken);

    /// <summary>Writes what is in force to the state directory, if it changed since the last write.</summary>
    public Task PersistAsync(CancellationToken cancellationToken) => _turns.RunAsync(PersistInTurnAsync, cancellationToken);

    /// <summary>
    /// On start: applies the stored version without waiting for the dashboard; null on a fresh director. Only a
    /// restore that succeeds counts as applied, so a failed one is not reported to the dashboard as in force.
    /// Completes <see cref="Restored"/> either way.
    /// </summary>
    public async Task<ApplyResult?> RestoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stored = await file.LoadAsync(cancellationToken);
            return stored is null ? null
                : await _turns.RunAsync(token => ApplyInTurnAsync(stored.Version, stored.Config, stored.Running, Scope.Whole, persist: true, stored, token), cancellationToken);
        }
        finally
        {
            _restored.TrySetResult();
        }
    }

    private enum Scope
    {
        Whole,
        Changes,
    }

    private EquatableArray<IpvsService> DesiredOf(LvsConfig config, bool running) =>
        running ? DesiredTable.From(config, availability) : EquatableArray<IpvsService>.Empty;

    private async Task<ApplyResult> ApplyInTurnAsync(int version, LvsConfig config, bool running, Scope scope, bool persist, AppliedState? restoring,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(config);
        if (errors.Count > 0)
        {
            return new ApplyResult(version, false, [.. errors.Select(e => e.ToString())], [], []);
        }
        var desired = DesiredOf(config, running);
        IpvsTimeouts timeoutsBefore;
        try
        {
            timeoutsBefore = await dataplane.ReadTimeoutsAsync(cancellationToken);
        }
        catch (DataplaneException e)
        {
            return Failed(version, $"{e.Message}; nothing was changed");
        }
        // Timeouts are the director's, not a service's: a stopped director keeps them as they are.
        var timeouts = running ? timeoutsBefore.With(config.Global.ConnectionTimeouts) : timeoutsBefore;
        var incremental = scope == Scope.Changes && _applied?.Running == running && _table is not null;
        var managed = restoring?.Managed.Select(AppliedStateFile.FromStored).ToHashSet();
        var result = await ApplyTableAsync(version, desired,
            () => incremental ? PlanChangesAsync(_table!.Value, desired, cancellationToken) : PlanAllAsync(desired, managed, cancellationToken),
            cancellationToken, timeouts == timeoutsBefore ? null : (timeoutsBefore, timeouts));
        if (!result.Succeeded)
        {
            return result;
        }
        // A push that changes nothing (Start/Stop of another director) does not rewrite the state file, and is not
        // published again: followers act on new versions only.
        if (_applied is null || _applied.Version != version || _applied.Running != running || !_applied.Config.Equals(config))
        {
            var state = new AppliedState(version, running, config, desired.Select(s => AppliedStateFile.ToStored(s.Key)).ToEquatableArray());
            _unsaved = !state.Equals(restoring);
            _applied = state;
            versions.Publish(new AppliedVersion(version, running, config));
        }
        if (persist)
        {
            await PersistInTurnAsync(cancellationToken);
        }
        return result;
    }

    // Plans, sets the timeouts when they change, applies all or nothing (putting the timeouts back on failure), then
    // records the table in force.
    private async Task<ApplyResult> ApplyTableAsync(int version, EquatableArray<IpvsService> desired, Func<Task<IpvsPlan>> planAsync,
        CancellationToken cancellationToken, (IpvsTimeouts Before, IpvsTimeouts After)? timeouts = null)
    {
        IpvsPlan plan;
        try
        {
            plan = await planAsync();
            if (timeouts is { } set)
            {
                await dataplane.SetTimeoutsAsync(set.After, cancellationToken);
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
            var timeoutsRestore = timeouts is { } set ? await RestoreTimeoutsAsync(set.Before, cancellationToken) : "";
            return Failed(version, $"{e.Message}; the previous table was restored{timeoutsRestore}") with { Unmanaged = plan.Unmanaged };
        }
        (_table, _unmanaged) = (desired, plan.Unmanaged);
        signals.StatusChanged.Set();
        return new ApplyResult(version, true, [], plan.Changes, plan.Unmanaged) { TimeoutsSet = timeouts?.After };
    }

    private async Task PersistInTurnAsync(CancellationToken cancellationToken)
    {
        if (_unsaved && _applied is { } applied)
        {
            await file.SaveAsync(applied, cancellationToken);
            _unsaved = false;
        }
    }

    // Every service the dataplane holds against every desired one; deletes only what this agent created.
    private async Task<IpvsPlan> PlanAllAsync(EquatableArray<IpvsService> desired, IReadOnlySet<IpvsServiceKey>? restoredManaged, CancellationToken cancellationToken)
    {
        var managed = restoredManaged
            ?? (_table is { } table ? table.Select(s => s.Key).ToHashSet()
            : (await file.LoadAsync(cancellationToken))?.Managed.Select(AppliedStateFile.FromStored).ToHashSet() ?? []);
        return IpvsPlanner.Plan(await dataplane.ReadTableAsync(cancellationToken), desired, managed);
    }

    // Only the services whose desired settings changed (or that came or went), read back from the dataplane as
    // they are now so the plan is still against reality. Unmanaged services are as the last plan found them,
    // except the touched keys: wanted now (adopted) or found there unwanted and not ours (someone else's).
    private async Task<IpvsPlan> PlanChangesAsync(EquatableArray<IpvsService> inForce, EquatableArray<IpvsService> desired, CancellationToken cancellationToken)
    {
        var touched = KeyedDiff.Between(inForce, desired, s => s.Key).TouchedKeys.ToHashSet();
        if (touched.Count == 0)
        {
            return new IpvsPlan([], _unmanaged);
        }
        var current = await dataplane.ReadServicesAsync(touched, cancellationToken);
        var plan = IpvsPlanner.Plan(current, [.. desired.Where(s => touched.Contains(s.Key))], inForce.Select(s => s.Key).ToHashSet());
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
