using PiranhaNet.Agent.Netlink;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Ipvs;

/// <summary>
/// The kernel's IPVS, programmed over generic netlink one change at a time. A plan is all or nothing: when
/// the kernel refuses a change, the changes already made are undone in reverse order from the table as it
/// was read before the plan (a deleted service comes back with its destinations; its counters restart).
/// Calls are serialised, because a netlink socket carries one conversation at a time.
/// </summary>
internal sealed class KernelIpvsDataplane : IDataplane, IConnectionSync
{
    private readonly IpvsNetlinkClient _client;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private KernelIpvsDataplane(IpvsNetlinkClient client) => _client = client;

    /// <inheritdoc />
    public string Name => "ipvs";

    /// <summary>Opens the kernel's IPVS; a <see cref="DataplaneException"/> says why it cannot be had (no module, no root).</summary>
    public static KernelIpvsDataplane Open()
    {
        IpvsNetlinkClient? client = null;
        try
        {
            client = new IpvsNetlinkClient();
            client.ReadStatus();   // proves the module is there and this process may use it
            return new KernelIpvsDataplane(client);
        }
        catch (Exception e) when (e is NetlinkException or DataplaneException)
        {
            client?.Dispose();
            throw new DataplaneException($"the kernel's IPVS cannot be used: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IpvsService>> ReadTableAsync(CancellationToken cancellationToken) =>
        [.. (await ReadStatusAsync(cancellationToken)).Select(s => s.Service)];

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsService>> ReadServicesAsync(IReadOnlyCollection<IpvsServiceKey> keys, CancellationToken cancellationToken) =>
        UnderGateAsync<IReadOnlyList<IpvsService>>("reading the services to change",
            () => [.. keys.Select(_client.ReadStatus).OfType<IpvsServiceStatus>().Select(s => s.Service)], cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsServiceStatus>> ReadStatusAsync(CancellationToken cancellationToken) =>
        UnderGateAsync("reading the IPVS table", _client.ReadStatus, cancellationToken);

    /// <inheritdoc />
    public Task<IpvsTimeouts> ReadTimeoutsAsync(CancellationToken cancellationToken) =>
        UnderGateAsync("reading the IPVS timeouts", _client.ReadTimeouts, cancellationToken);

    /// <inheritdoc />
    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken) =>
        UnderGateAsync($"setting the IPVS timeouts to {timeouts}", () => _client.SetTimeouts(timeouts), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<IpvsSyncDaemon>> ReadSyncDaemonsAsync(CancellationToken cancellationToken) =>
        UnderGateAsync("reading the sync daemons", _client.ReadSyncDaemons, cancellationToken);

    /// <inheritdoc />
    public Task StartSyncDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken) =>
        UnderGateAsync($"starting sync daemon {daemon}", () => _client.StartSyncDaemon(daemon), cancellationToken);

    /// <inheritdoc />
    public Task StopSyncDaemonAsync(IpvsSyncRole role, CancellationToken cancellationToken) =>
        UnderGateAsync($"stopping the {role.ToString().ToLowerInvariant()} sync daemon", () => _client.StopSyncDaemon(role), cancellationToken);

    private Task UnderGateAsync(string what, Action call, CancellationToken cancellationToken) =>
        UnderGateAsync(what, () => { call(); return true; }, cancellationToken);

    // One conversation on the socket at a time; the kernel's errors become DataplaneExceptions naming the request.
    private async Task<T> UnderGateAsync<T>(string what, Func<T> call, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return call();
        }
        catch (NetlinkException e)
        {
            throw new DataplaneException($"{what}: {e.Message}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task ApplyAsync(IpvsPlan plan, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // What the undo needs: the services this plan touches, as they are now (not the whole table).
            Dictionary<IpvsServiceKey, IpvsService> before;
            try
            {
                before = plan.Changes.Select(c => c.Service.Key).Distinct()
                    .Select(_client.ReadStatus).OfType<IpvsServiceStatus>()
                    .ToDictionary(s => s.Service.Key, s => s.Service);
            }
            catch (NetlinkException e)
            {
                throw new DataplaneException($"reading the services to change: {e.Message}; nothing was changed", e);
            }
            var undo = new Stack<IpvsChange>();
            foreach (var change in plan.Changes)
            {
                try
                {
                    _client.Apply(change);
                }
                catch (Exception e) when (e is NetlinkException or DataplaneException)
                {
                    // DataplaneException: the socket failed or a reply was malformed; undo what went through all the same.
                    var leftOver = RollBack(undo);
                    throw new DataplaneException($"{change}: the kernel refused it: {e.Message}" +
                        (leftOver.Count == 0 ? "" : $"; could not undo: {string.Join("; ", leftOver)}"), e);
                }
                foreach (var inverse in IpvsUndo.Of(change, before))
                {
                    undo.Push(inverse);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
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
            catch (Exception e) when (e is NetlinkException or DataplaneException)
            {
                failed.Add($"{inverse} ({e.Message})");
            }
        }
        return failed;
    }
}
