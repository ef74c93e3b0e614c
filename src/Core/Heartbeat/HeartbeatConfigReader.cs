using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Heartbeat;

/// <summary>
/// Reads a Heartbeat pair (/etc/ha.d: ha.cf, haresources, authkeys) into PiranhaNet: the two nodes become the primary
/// (haresources' preferred node) and the backup with their ucast addresses (the first interface the public path, a
/// second the private one), keepalive, deadtime, udpport and auto_failback the heartbeat; each resource group becomes
/// a failover service (service = fos) whose address is the group's and whose start and stop commands run the group's
/// resource as Heartbeat would (<c>/etc/ha.d/resource.d/NAME ARGS start</c>, else <c>/etc/init.d/NAME start</c>).
/// When the groups prefer different nodes (dual active), the pair becomes a cluster of the two nodes, by their names,
/// with a failover group for each node (that node first) holding the services that prefer it; warntime and initdead
/// then carry too. authkeys' crc, md5 and sha1 keys are weaker than PiranhaNet's HMAC-SHA256 key and are never carried.
/// </summary>
public static class HeartbeatConfigReader
{
    // The resource scripts Heartbeat ships in /etc/ha.d/resource.d (others are init scripts).
    private static readonly HashSet<string> s_resourceScripts = new(StringComparer.Ordinal)
    {
        "Filesystem", "drbddisk", "Delay", "IPsrcaddr", "IPv6addr", "LVM", "LVSSyncDaemonSwap", "LinuxSCSI", "MailTo",
        "OCF", "Raid1", "SendArp", "ServeRAID", "WAS", "WinPopup", "Xinetd", "apache", "db2", "hto-mapfuncs", "ICP",
        "portblock", "ldirectord", "AudibleAlarm",
    };

    /// <summary>Reads the three files' texts (authkeys may be null when it is not there).</summary>
    public static ImportReadResult Read(string haCf, string haResources, string? authKeys, string directory = "/etc/ha.d",
        bool allowUnsupported = false, IConfigValidator? validator = null)
    {
        var diagnostics = new ImportDiagnostics();
        var haCfFile = Path.Combine(directory, "ha.cf");
        var cf = HaCfReader.Read(haCf, haCfFile, diagnostics);
        var groups = HaResourcesReader.Read(haResources, Path.Combine(directory, "haresources"), diagnostics);
        if (authKeys is not null)
        {
            ReadAuthKeys(authKeys, Path.Combine(directory, "authkeys"), diagnostics);
        }
        var config = new LvsConfig { Service = ServiceKind.Fos };
        config = WithPair(config, cf, groups, diagnostics);
        var dualActive = config.Redundancy.Groups.Count > 0;
        var locations = new ProblemLocations(cf.NodesAt);
        var services = new List<FailoverServiceConfig>();
        foreach (var group in groups)
        {
            if (ServiceOf(group, diagnostics) is not { } service)
            {
                continue;
            }
            // Two groups may run the same resource (drbddisk::r0, drbddisk::r1): the second is told by its line.
            if (services.Any(s => s.Name == service.Name))
            {
                service = service with { Name = $"{service.Name}_{group.Location.Line}" };
            }
            services.Add(dualActive ? service with { Group = group.PreferredNode } : service);
            locations.Add(ConfigPaths.FailoverService(service.Name), group.Location);
        }
        config = config with { FailoverServices = [.. services] };
        return ImportReadResult.Settle(config, diagnostics, locations, allowUnsupported, validator, []);
    }

    private static LvsConfig WithPair(LvsConfig config, HaCf cf, IReadOnlyList<HeartbeatGroup> groups, ImportDiagnostics diagnostics)
    {
        if (cf.Nodes.Count != 2)
        {
            diagnostics.NotCarried(cf.NodesAt, $"ha.cf names {cf.Nodes.Count} node(s): PiranhaNet's pair has two directors");
            return config;
        }
        var primaryNode = groups.Count > 0 ? groups[0].PreferredNode : cf.Nodes[0];
        if (!cf.Nodes.Contains(primaryNode))
        {
            diagnostics.Error(groups[0].Location, $"preferred node '{primaryNode}' is not one of ha.cf's nodes ({string.Join(", ", cf.Nodes)})");
            return config;
        }
        // ha.cf is usually the same file on both nodes, with a ucast line for each node's address on each path.
        var paths = cf.Unicasts.GroupBy(u => u.Interface, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        if (paths.Count == 0 || paths[0].Count != 2)
        {
            diagnostics.NotCarried(cf.NodesAt, "ha.cf does not give both nodes' addresses (a ucast line for each node on one interface): PiranhaNet heartbeats between two known addresses; set primary and backup after import");
            return config;
        }
        var primaryIndex = cf.Nodes[0] == primaryNode ? 0 : 1;
        diagnostics.Ignored(paths[0][0].Location, $"node {cf.Nodes[0]} is taken to be {paths[0][0].Address} and {cf.Nodes[1]} {paths[0][1].Address}, in the order of the node and ucast lines (ha.cf does not pair names with addresses)");
        string Address(List<HeartbeatUnicast> path, bool primary) => path[primary ? primaryIndex : 1 - primaryIndex].Address;
        var privatePath = paths.Count > 1 && paths[1].Count == 2 ? paths[1] : null;
        foreach (var extra in paths.Skip(privatePath is null ? 1 : 2).SelectMany(p => p))
        {
            diagnostics.NotCarried(extra.Location, $"ucast {extra.Interface} {extra.Address} is not carried: PiranhaNet heartbeats over a public and a private path");
        }
        if (cf.AutoFailback is null)
        {
            diagnostics.Ignored(cf.NodesAt, "auto_failback is not set: PiranhaNet's primary takes the work back when it returns (auto_failback on)");
        }
        var pair = new RedundancyConfig
        {
            Enabled = true,
            Heartbeat = true,
            Backup = Address(paths[0], false),
            BackupPrivate = privatePath is null ? null : Address(privatePath, false),
            HeartbeatPort = cf.Port,
            Keepalive = cf.Keepalive,
            Deadtime = cf.Deadtime,
            AutoFailback = cf.AutoFailback ?? true,
        };
        var backupNode = cf.Nodes[1 - primaryIndex];
        return config with
        {
            Global = config.Global with { Primary = Address(paths[0], true), PrimaryPrivate = privatePath is null ? null : Address(privatePath, true) },
            Redundancy = groups.Any(g => g.PreferredNode != primaryNode) ? DualActive(pair, cf, primaryNode, backupNode) : WithoutClusterTimings(pair, cf, diagnostics),
        };
    }

    // Both nodes serve: a cluster of the two by their node names, a group for each node that prefers it, and the timings
    // only a cluster uses.
    private static RedundancyConfig DualActive(RedundancyConfig pair, HaCf cf, string primaryNode, string backupNode)
    {
        FailoverGroupConfig GroupOf(string first, string second) =>
            new() { Name = first, Members = [new(first, 100), new(second, 50)], Failback = pair.AutoFailback };
        return pair with
        {
            PrimaryName = primaryNode,
            BackupName = backupNode,
            Groups = [GroupOf(primaryNode, backupNode), GroupOf(backupNode, primaryNode)],
            WarnTime = cf.WarnTime?.Seconds ?? 0,
            InitDead = cf.InitDead?.Seconds ?? 0,
        };
    }

    // One node serves: Piranha's pair, whose heartbeat has no late warning and no longer grace at start.
    private static RedundancyConfig WithoutClusterTimings(RedundancyConfig pair, HaCf cf, ImportDiagnostics diagnostics)
    {
        if (cf.WarnTime is { At: var warnAt })
        {
            diagnostics.Ignored(warnAt, "warntime is not carried: a pair's heartbeat does not warn of late heartbeats; the dead time decides (a cluster with failover groups does)");
        }
        if (cf.InitDead is { At: var initAt })
        {
            diagnostics.NotCarried(initAt, "initdead is not carried: a pair gives a starting director no longer grace than the dead time (a cluster with failover groups does)");
        }
        return pair;
    }

    // A group's first resource, with the group's first address; a failover service has one of each.
    private static FailoverServiceConfig? ServiceOf(HeartbeatGroup group, ImportDiagnostics diagnostics)
    {
        foreach (var extra in group.Addresses.Skip(1))
        {
            diagnostics.NotCarried(extra.Location, $"address {extra.Address} is not carried: a failover service has one address");
        }
        foreach (var extra in group.Resources.Skip(1))
        {
            diagnostics.NotCarried(extra.Location, $"resource {extra.Name} is not carried: a failover service runs one start command (a script that starts the whole group can stand in)");
        }
        if (group.Resources.Count == 0 || group.Addresses.Count == 0)
        {
            diagnostics.NotCarried(group.Location, "a group needs an address and a resource to become a failover service (PiranhaNet moves no address on its own)");
            return null;
        }
        var resource = group.Resources[0];
        var address = group.Addresses[0];
        var command = s_resourceScripts.Contains(resource.Name) || resource.Arguments.Count > 0
            ? string.Join(' ', [$"/etc/ha.d/resource.d/{resource.Name}", .. resource.Arguments])
            : $"/etc/init.d/{resource.Name}";
        diagnostics.Ignored(resource.Location, $"Heartbeat does not watch {resource.Name}; PiranhaNet runs '{command} status' every 10 s on the active director and fails over when it fails");
        return new FailoverServiceConfig
        {
            Name = ConfigNames.Problem(resource.Name) is null ? resource.Name : $"resource{group.Location.Line}",
            Active = true,
            Address = address.Address,
            Device = address.Device,
            VipNetmask = PrefixNetmask.Of(address.Address, address.PrefixLength),
            StartCommand = $"{command} start",
            StopCommand = $"{command} stop",
            HealthCheck = new HealthCheckConfig { Kind = HealthCheckKind.Program, SendProgram = $"{command} status" },
        };
    }

    // authkeys: "auth N" and "N crc|md5 KEY|sha1 KEY". The key is never repeated.
    private static void ReadAuthKeys(string text, string file, ImportDiagnostics diagnostics)
    {
        foreach (var line in HeartbeatLine.Split(text, file).Where(l => l.Name != "auth"))
        {
            var method = line.Arguments.Count > 0 ? line.Arguments[0].Text : "?";
            diagnostics.Ignored(line.Location, $"authkeys' {method} key is not carried: it is weaker than PiranhaNet's HMAC-SHA256 key; generate one on the Redundancy page");
        }
    }
}
