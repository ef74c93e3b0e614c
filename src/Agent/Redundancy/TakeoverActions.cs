using PiranhaNet.Agent.Dataplane;
using PiranhaNet.Agent.Health;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// <see cref="ITakeoverActions"/> on this host: floating addresses over <see cref="IFloatingAddresses"/>, announcements
/// over <see cref="INeighbourAnnouncer"/>, the dataplane's sync daemon (<see cref="IConnectionSync"/>), and the
/// operator's commands (<c>active_cmd</c>/<c>inactive_cmd</c>, each failover service's <c>start_cmd</c>/<c>stop_cmd</c>).
/// </summary>
internal sealed partial class TakeoverActions(IDataplane dataplane, IFloatingAddresses deviceAddresses, INeighbourAnnouncer announcer,
    ILogger<TakeoverActions> logger) : ITakeoverActions
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(30);
    private readonly List<FloatingAddress> _held = [];

    /// <inheritdoc />
    public IReadOnlyList<FloatingAddress> Held => _held;

    /// <inheritdoc />
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
                LogTook(logger, address);
            }
            catch (FloatingAddressException e)
            {
                failures.Add(e.Message);
            }
        }
        return failures;
    }

    /// <inheritdoc />
    public void AnnounceAgain(IReadOnlyCollection<FloatingAddress>? only = null)
    {
        foreach (var address in _held.Where(a => only is null || only.Contains(a)))
        {
            try
            {
                announcer.Announce(address.LinkDevice, address.Address);
            }
            catch (FloatingAddressException e)
            {
                LogAnnounceFailed(logger, e.Message);
            }
        }
    }

    /// <inheritdoc />
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
                    LogGaveUp(logger, address);
                }
            }
            catch (FloatingAddressException e)
            {
                failures.Add(e.Message);
            }
        }
        return failures;
    }

    /// <inheritdoc />
    public async Task<string?> SyncAsync(SyncDaemonConfig sync, SyncRoles roles, CancellationToken cancellationToken)
    {
        if (dataplane is not IConnectionSync daemons)
        {
            return null;
        }
        try
        {
            var wanted = !sync.Enabled ? []
                : new[] { (SyncRoles.Master, IpvsSyncRole.Master), (SyncRoles.Backup, IpvsSyncRole.Backup) }
                    .Where(r => roles.HasFlag(r.Item1)).Select(r => new IpvsSyncDaemon(r.Item2, sync.Interface, sync.Id)).ToList();
            var running = await daemons.ReadSyncDaemonsAsync(cancellationToken);
            foreach (var daemon in running.Where(d => !wanted.Contains(d)))
            {
                await daemons.StopSyncDaemonAsync(daemon.Role, cancellationToken);
            }
            foreach (var daemon in wanted.Where(d => !running.Contains(d)))
            {
                await daemons.StartSyncDaemonAsync(daemon, cancellationToken);
                LogSyncStarted(logger, daemon);
            }
            return null;
        }
        catch (DataplaneException e)
        {
            return e.Message;
        }
    }

    /// <inheritdoc />
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

    [LoggerMessage(Level = LogLevel.Information, Message = "took {Address}")]
    private static partial void LogTook(ILogger logger, FloatingAddress address);

    [LoggerMessage(Level = LogLevel.Information, Message = "gave up {Address}")]
    private static partial void LogGaveUp(ILogger logger, FloatingAddress address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Failure}")]
    private static partial void LogAnnounceFailed(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "sync daemon {Daemon} started")]
    private static partial void LogSyncStarted(ILogger logger, Core.Ipvs.IpvsSyncDaemon daemon);
}
