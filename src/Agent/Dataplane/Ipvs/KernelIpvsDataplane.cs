using PiranhaNet.Core.Concurrency;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Ipvs;

/// <summary>
/// The kernel's IPVS, programmed through an <see cref="IIpvsClient"/> one change at a time. A plan is all or
/// nothing: when the kernel refuses a change, the changes already made are undone in reverse order from the table
/// as it was read before the plan (a deleted service comes back with its destinations; its counters restart).
/// Calls take turns, because the client (a netlink socket) carries one conversation at a time.
/// </summary>
internal sealed class KernelIpvsDataplane : IDataplane, IConnectionSync
{
    private readonly IIpvsClient _client;
    private readonly SerialQueue _turns = new();

    /// <summary>A dataplane over <paramref name="client"/>, which it owns from now on.</summary>
    internal KernelIpvsDataplane(IIpvsClient client) => _client = client;

    /// <inheritdoc />
    public string Name => Core.Dataplanes.DataplaneNames.Ipvs;

    /// <summary>Opens the kernel's IPVS; a <see cref="DataplaneException"/> says why it cannot be had (no module, no root).</summary>
    public static KernelIpvsDataplane Open()
    {
        NetlinkIpvsClient? client = null;
        try
        {
            client = NetlinkIpvsClient.Open();
            client.ReadStatus();   // proves the module is there and this process may use it
            return new KernelIpvsDataplane(client);
        }
        catch (DataplaneException e)
        {
            client?.Dispose();
            throw new DataplaneException($"the kernel's IPVS cannot be used: {e.Message}", e, e.Errno);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IpvsService>> ReadTableAsync(CancellationToken cancellationToken) =>
        [.. (await ReadStatusAsync(cancellationToken)).Select(s => s.Service)];

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsService>> ReadServicesAsync(IReadOnlyCollection<IpvsServiceKey> keys, CancellationToken cancellationToken) =>
        InTurnAsync<IReadOnlyList<IpvsService>>("reading the services to change",
            () => [.. keys.Select(_client.ReadStatus).OfType<IpvsServiceStatus>().Select(s => s.Service)], cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsServiceStatus>> ReadStatusAsync(CancellationToken cancellationToken) =>
        InTurnAsync("reading the IPVS table", _client.ReadStatus, cancellationToken);

    /// <inheritdoc />
    public Task<IpvsTimeouts> ReadTimeoutsAsync(CancellationToken cancellationToken) =>
        InTurnAsync("reading the IPVS timeouts", _client.ReadTimeouts, cancellationToken);

    /// <inheritdoc />
    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken) =>
        InTurnAsync($"setting the IPVS timeouts to {timeouts}", () => _client.SetTimeouts(timeouts), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsSyncDaemon>> ReadSyncDaemonsAsync(CancellationToken cancellationToken) =>
        InTurnAsync("reading the sync daemons", _client.ReadSyncDaemons, cancellationToken);

    /// <inheritdoc />
    public Task StartSyncDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken) =>
        InTurnAsync($"starting sync daemon {daemon}", () => _client.StartSyncDaemon(daemon), cancellationToken);

    /// <inheritdoc />
    public Task StopSyncDaemonAsync(IpvsSyncRole role, CancellationToken cancellationToken) =>
        InTurnAsync($"stopping the {role.ToString().ToLowerInvariant()} sync daemon", () => _client.StopSyncDaemon(role), cancellationToken);

    private Task InTurnAsync(string what, Action call, CancellationToken cancellationToken) =>
        InTurnAsync(what, () => { call(); return true; }, cancellationToken);

    // One conversation with the client at a time; its errors are wrapped to name the request.
    private Task<T> InTurnAsync<T>(string what, Func<T> call, CancellationToken cancellationToken) =>
        _turns.RunAsync(_ =>
        {
            try
            {
                return Task.FromResult(call());
            }
            catch (DataplaneException e)
            {
                throw new DataplaneException($"{what}: {e.Message}", e, e.Errno);
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task ApplyAsync(IpvsPlan plan, CancellationToken cancellationToken) => _turns.RunAsync(_ =>
    {
        // What the undo needs: the services this plan touches, as they are now (not the whole table).
        Dictionary<IpvsServiceKey, IpvsService> before;
        try
        {
            before = plan.Changes.Select(c => c.Service.Key).Distinct()
                .Select(_client.ReadStatus).OfType<IpvsServiceStatus>()
                .ToDictionary(s => s.Service.Key, s => s.Service);
        }
        catch (DataplaneException e)
        {
            throw new DataplaneException($"reading the services to change: {e.Message}; nothing was changed", e, e.Errno);
        }
        var undo = new Stack<IpvsChange>();
        foreach (var change in plan.Changes)
        {
            try
            {
                _client.Apply(change);
            }
            catch (DataplaneException e)
            {
                var leftOver = RollBack(undo);
                throw new DataplaneException($"{change}: the kernel refused it: {e.Message}" +
                    (leftOver.Count == 0 ? "" : $"; could not undo: {string.Join("; ", leftOver)}"), e, e.Errno);
            }
            foreach (var inverse in IpvsUndo.Of(change, before))
            {
                undo.Push(inverse);
            }
        }
        return Task.CompletedTask;
    }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // After whatever is queued: a status read may still be under way when the agent stops.
        await _turns.RunAsync(_ =>
        {
            _client.Dispose();
            return Task.CompletedTask;
        }, CancellationToken.None);
    }

    // An undo the kernel refuses (someone changed the table under us) is reported, and the rest still run.
    private List<string> RollBack(Stack<IpvsChange> undo)
    {
        var failed = new List<string>();
        while (undo.TryPop(out var inverse))
        {
            try
            {
                _client.Apply(inverse);
            }
            catch (DataplaneException e)
            {
                failed.Add($"{inverse} ({e.Message})");
            }
        }
        return failed;
    }
}
