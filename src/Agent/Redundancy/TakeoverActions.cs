using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Health;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// What a director does when it becomes active or steps down, given that its IPVS table is loaded either way (hot
/// standby): take or give up the floating addresses, announce the ones it takes, switch the connection sync
/// daemon between master and backup, and run the operator's commands (<c>active_cmd</c>/<c>inactive_cmd</c>, and
/// each failover service's <c>start_cmd</c>/<c>stop_cmd</c>). Every step is tried even when an earlier one
/// failed; the failures are returned for the status. Called from the redundancy loop only.
/// </summary>
internal sealed class TakeoverActions(IDataplane dataplane, IFloatingAddresses deviceAddresses, INeighbourAnnouncer announcer, Action<string> log) : IDisposable
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(30);
    private readonly List<FloatingAddress> _held = [];

    /// <summary>The floating addresses this director holds now.</summary>
    public IReadOnlyList<FloatingAddress> Held => _held;

    /// <summary>Adds and announces each address not held yet; the failures, one line each.</summary>
    public List<string> Take(IEnumerable<FloatingAddress> addresses)
    {
        var failures = new List<string>();
        foreach (var address in addresses.Where(a => !_held.Contains(a)))
        {
            try
            {
                deviceAddresses.Add(address.LinkDevice, address.Address, address.Prefix, address.Label);
                _held.Add(address);
                announcer.Announce(address.LinkDevice, address.Address);
                log($"took {address}");
            }
            catch (FloatingAddressException e)
            {
                failures.Add(e.Message);
            }
        }
        return failures;
    }

    /// <summary>Announces the held addresses again (neighbours that missed the first announcement catch up).</summary>
    public void AnnounceAgain()
    {
        foreach (var address in _held)
        {
            try
            {
                announcer.Announce(address.LinkDevice, address.Address);
            }
            catch (FloatingAddressException e)
            {
                log(e.Message);
            }
        }
    }

    /// <summary>
    /// Removes <paramref name="addresses"/> (or, when null, every held one) from their devices, held or not: at
    /// start-up an address left by a director that was killed must go too. The failures, one line each.
    /// </summary>
    public List<string> Release(IEnumerable<FloatingAddress>? addresses = null)
    {
        var failures = new List<string>();
        foreach (var address in (addresses ?? _held).ToList())
        {
            try
            {
                deviceAddresses.Remove(address.LinkDevice, address.Address, address.Prefix);
                if (_held.Remove(address))
                {
                    log($"gave up {address}");
                }
            }
            catch (FloatingAddressException e)
            {
                failures.Add(e.Message);
            }
        }
        return failures;
    }

    /// <summary>
    /// Runs the sync daemon as master (active) or backup (otherwise) when the configuration asks for one and the
    /// dataplane has it; stops both when it does not. Null or the failure.
    /// </summary>
    public async Task<string?> SyncAsync(SyncDaemonConfig sync, bool active, CancellationToken cancellationToken)
    {
        if (dataplane is not IConnectionSync daemons)
        {
            return null;
        }
        try
        {
            var wanted = sync.Enabled ? new IpvsSyncDaemon(active ? IpvsSyncRole.Master : IpvsSyncRole.Backup, sync.Interface, sync.Id) : null;
            var running = await daemons.ReadSyncDaemonsAsync(cancellationToken);
            foreach (var daemon in running.Where(d => d != wanted))
            {
                await daemons.StopSyncDaemonAsync(daemon.Role, cancellationToken);
            }
            if (wanted is not null && !running.Contains(wanted))
            {
                await daemons.StartSyncDaemonAsync(wanted, cancellationToken);
                log($"sync daemon {wanted} started");
            }
            return null;
        }
        catch (DataplaneException e)
        {
            return e.Message;
        }
    }

    /// <summary>Runs each command line (without a shell, bounded in time); the failures, one line each.</summary>
    public async Task<List<string>> RunAsync(IEnumerable<(string What, string? CommandLine)> commands, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var (what, commandLine) in commands)
        {
            if (string.IsNullOrWhiteSpace(commandLine))
            {
                continue;
            }
            try
            {
                var outcome = await CommandRunner.RunAsync(CommandRunner.Words(commandLine, new Dictionary<string, string>()), s_commandTimeout, cancellationToken);
                if (outcome.ExitCode != 0)
                {
                    failures.Add(outcome.ExitCode is { } code ? $"{what} exited with {code}" : $"{what} did not finish in {s_commandTimeout.TotalSeconds:0} s");
                }
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                failures.Add($"{what} could not be started: {e.Message}");
            }
        }
        return failures;
    }

    public void Dispose() => deviceAddresses.Dispose();
}
