using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// Reads a keepalived.conf (with its includes) into a PiranhaNet configuration: virtual servers, groups, real
/// servers and checkers, VRRP into the director pair, the IPVS timeouts and sync daemon. Every line is either carried
/// or named, with its position, as a warning (nothing PiranhaNet does changes) or as unsupported (behaviour would
/// change: nothing is imported unless that is allowed). The result is validated like any other configuration, and
/// validation problems point at the virtual server, real server or vrrp_instance they concern.
/// </summary>
public static class KeepalivedConfigReader
{
    /// <summary>Top-level keywords PiranhaNet cannot carry, with why.</summary>
    private static readonly Dictionary<string, string> s_unsupported = new(StringComparer.Ordinal)
    {
        ["vrrp_script"] = "PiranhaNet fails over on a dead peer or a lost link, not on a script",
        ["vrrp_track_process"] = "PiranhaNet fails over on a dead peer or a lost link, not on a process",
        ["vrrp_track_file"] = "PiranhaNet fails over on a dead peer or a lost link, not on a file",
        ["track_file"] = "PiranhaNet fails over on a dead peer or a lost link, not on a file",
        ["static_ipaddress"] = "PiranhaNet does not manage a director's fixed addresses; keep them in its network configuration",
        ["static_routes"] = "PiranhaNet does not manage routes; keep them in the director's network configuration",
        ["static_rules"] = "PiranhaNet does not manage routing rules; keep them in the director's network configuration",
        ["garp_group"] = "PiranhaNet sends its own gratuitous ARP on takeover",
        ["bfd_instance"] = "PiranhaNet has no BFD",
        ["linkbeat_interfaces"] = "PiranhaNet reads link state from rtnetlink",
        ["net_namespace"] = "the agent runs in the network namespace it is started in",
    };

    /// <summary>Reads and validates <paramref name="text"/>, the content of <paramref name="file"/>.</summary>
    public static ImportReadResult Read(string text, string file = "keepalived.conf", IKeepalivedFiles? files = null,
        bool allowUnsupported = false, IConfigValidator? validator = null)
    {
        var parsed = KeepalivedParser.Parse(text, file, files);
        var diagnostics = new ImportDiagnostics();
        diagnostics.AddErrors(parsed.Errors);
        var locations = new ProblemLocations(new FileLocation(file, 1, 1));
        var config = Import(parsed.Statements, diagnostics, locations);
        return ImportReadResult.Settle(config, diagnostics, locations, allowUnsupported, validator, parsed.IncludedFiles);
    }

    private static LvsConfig Import(IReadOnlyList<KeepalivedStatement> statements, ImportDiagnostics diagnostics, ProblemLocations locations)
    {
        var config = new LvsConfig();
        var groups = ReadGroups(statements, diagnostics);
        var servers = new List<KeepalivedVirtualServerReader.Read>();
        var instances = new List<KeepalivedVrrpInstance>();
        foreach (var statement in statements)
        {
            switch (statement.Name)
            {
                case "global_defs":
                    config = config with { Global = KeepalivedGlobalDefsReader.Read(statement, config.Global, diagnostics) };
                    break;
                case "virtual_server_group":
                    break;
                case "virtual_server":
                    servers.AddRange(KeepalivedVirtualServerReader.ReadBlock(statement, groups, diagnostics));
                    break;
                case "vrrp_instance":
                    if (KeepalivedVrrpReader.Read(statement, diagnostics) is { } instance)
                    {
                        instances.Add(instance);
                        locations.Add("redundancy", instance.Location);
                        locations.Add("global", instance.Location);
                    }
                    break;
                case "vrrp_sync_group":
                    // PiranhaNet's pair moves every address together, which is what a sync group asks for.
                    break;
                case var name when s_unsupported.TryGetValue(name, out var why):
                    diagnostics.NotCarried(statement.Location, $"{name} is not carried: {why}");
                    break;
                default:
                    diagnostics.NotCarried(statement.Location, $"'{statement.Name}' is not a keepalived.conf section PiranhaNet knows");
                    break;
            }
        }
        // The cluster's forwarding method is the first virtual server's; the others name theirs where it differs.
        var network = servers.FirstOrDefault()?.Forwarding ?? NetworkType.Nat;
        config = config with
        {
            Global = config.Global with { Network = network },
            VirtualServers = [.. servers.Select(s => s.Server with { ForwardingMethod = s.Forwarding == network ? null : s.Forwarding })],
        };
        foreach (var server in servers)
        {
            var path = ConfigPaths.VirtualServer(server.Server.Name);
            locations.Add(path, server.Location);
            foreach (var (field, at) in server.Fields)
            {
                locations.Add(field.StartsWith("realServers[", StringComparison.Ordinal) ? $"{path}.{field}" : ConfigPaths.Field(path, field), at);
            }
        }
        return KeepalivedRedundancyMapper.Apply(config, instances, diagnostics);
    }

    // virtual_server_group NAME { IP PORT | IP-LAST PORT | fwmark N ... }, read first: a virtual_server may name a
    // group defined after it.
    private static Dictionary<string, IReadOnlyList<KeepalivedServiceAddress>> ReadGroups(IReadOnlyList<KeepalivedStatement> statements, ImportDiagnostics diagnostics)
    {
        var groups = new Dictionary<string, IReadOnlyList<KeepalivedServiceAddress>>(StringComparer.Ordinal);
        foreach (var group in statements.Where(s => s.Name == "virtual_server_group"))
        {
            if (group.Arguments is not [var name])
            {
                diagnostics.Error(group.Location, "virtual_server_group takes one name");
                continue;
            }
            var members = group.Children.SelectMany(m => KeepalivedServiceAddress.Parse([m.Keyword, .. m.Arguments], m.Location, diagnostics)).ToList();
            if (!groups.TryAdd(name.Text, members))
            {
                diagnostics.Error(name.Location, $"virtual_server_group '{name.Text}' is defined twice");
            }
        }
        return groups;
    }
}
