using System.Net;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// What a director does about redundancy under one configuration: its role (found by which of the configured
/// <c>primary</c>/<c>backup</c> addresses it holds, as Piranha's pulse did), the heartbeat paths and timings,
/// and the floating addresses it takes when active. Only addresses whose configuration names a device are
/// floating: without a device Piranha could not add them either, and the operator keeps them.
/// </summary>
/// <param name="Role">This director's role, or null when it holds neither address (it then forwards but manages no address).</param>
/// <param name="Peered">A backup is configured: heartbeats decide who is active. Otherwise the primary is simply active.</param>
/// <param name="Heartbeats">Heartbeats are on (<c>heartbeat = 1</c>); with them off the backup never takes over, as in Piranha.</param>
/// <param name="Note">Why the role is what it is, for the status.</param>
/// <param name="Paths">The heartbeat paths (public first, private when both private addresses are set).</param>
/// <param name="Port">The heartbeat UDP port.</param>
/// <param name="Keepalive">Between heartbeats.</param>
/// <param name="Deadtime">Silence on every path after which the peer is dead.</param>
/// <param name="MonitorLinks">A lost carrier on a floating address's device is a fault.</param>
/// <param name="AutoFailback">The primary takes the work back when it returns.</param>
/// <param name="Addresses">The floating addresses, each once.</param>
public sealed record RedundancyPlan(DirectorRole? Role, bool Peered, bool Heartbeats, string Note, IReadOnlyList<HeartbeatPath> Paths, int Port, TimeSpan Keepalive,
    TimeSpan Deadtime, bool MonitorLinks, bool AutoFailback, IReadOnlyList<FloatingAddress> Addresses)
{
    /// <summary>The plan for a director holding <paramref name="localAddresses"/> under <paramref name="config"/>.</summary>
    public static RedundancyPlan For(LvsConfig config, IReadOnlySet<IPAddress> localAddresses)
    {
        var redundancy = config.Redundancy;
        var peered = redundancy.Enabled && AddressText.TryParse(redundancy.Backup, out _);
        var (role, note) = RoleOf(config, localAddresses, peered);
        var paths = role is { } known && peered && redundancy.Heartbeat ? PathsOf(config, known) : [];
        return new RedundancyPlan(role, peered, redundancy.Heartbeat, note, paths, redundancy.HeartbeatPort, TimeSpan.FromSeconds(redundancy.Keepalive),
            TimeSpan.FromSeconds(redundancy.Deadtime), redundancy.MonitorLinks, redundancy.AutoFailback, role is null ? [] : AddressesOf(config));
    }

    private static (DirectorRole?, string) RoleOf(LvsConfig config, IReadOnlySet<IPAddress> local, bool peered)
    {
        if (AddressText.TryParse(config.Global.Primary, out var primary) && local.Contains(primary))
        {
            return (DirectorRole.Primary, $"primary ({primary} is on this director)");
        }
        if (peered && AddressText.TryParse(config.Redundancy.Backup, out var backup) && local.Contains(backup))
        {
            return (DirectorRole.Backup, $"backup ({backup} is on this director)");
        }
        var backupText = peered ? $" nor backup {config.Redundancy.Backup}" : "";
        return (null, $"neither primary {Blank(config.Global.Primary)}{backupText} is on this director: it forwards but manages no address");
    }

    private static string Blank(string text) => text.Length == 0 ? "(not set)" : text;

    private static List<HeartbeatPath> PathsOf(LvsConfig config, DirectorRole role)
    {
        var paths = new List<HeartbeatPath>();
        void Add(string name, string? primaryText, string? backupText)
        {
            if (AddressText.TryParse(primaryText, out var primary) && AddressText.TryParse(backupText, out var backup))
            {
                paths.Add(role == DirectorRole.Primary ? new HeartbeatPath(name, primary, backup) : new HeartbeatPath(name, backup, primary));
            }
        }
        Add("public", config.Global.Primary, config.Redundancy.Backup);
        Add("private", config.Global.PrimaryPrivate, config.Redundancy.BackupPrivate);
        return paths;
    }

    private static List<FloatingAddress> AddressesOf(LvsConfig config) => [.. FloatingAddresses.Of(config).Select(a => a.Address)];
}
