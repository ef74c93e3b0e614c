using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;
using PiranhaNet.Core.Redundancy;
using static PiranhaNet.Core.Validation.ConfigPaths;

namespace PiranhaNet.Core.Validation.Rules;

/// <summary>
/// The cluster beyond the pair: directors with valid, unique names and addresses; failover groups whose members are
/// known directors, each once, with priorities 1..255 unique in the group; and, once groups are defined, every
/// active virtual server, failover service and the NAT router in exactly one of them, no address shared between two.
/// Collects every error.
/// </summary>
internal sealed class ClusterRule : IConfigRule
{
    public void Check(LvsConfig config, ICollection<ValidationError> errors)
    {
        var r = config.Redundancy;
        CheckDirectors(config, errors);
        var groupNames = new HashSet<string>(StringComparer.Ordinal);
        var known = ClusterTopology.Of(config).Directors.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        if (r.Groups.Count > ClusterTopology.MaxGroups)
        {
            errors.Add(Field(ConfigPaths.Redundancy, "groups"), r.Groups.Count, $"at most {ClusterTopology.MaxGroups} failover groups, not {r.Groups.Count}");
        }
        foreach (var group in r.Groups)
        {
            var path = FailoverGroup(group.Name);
            if (ConfigNames.Problem(group.Name) is { } problem)
            {
                errors.Add(Field(path, "name"), group.Name, problem);
            }
            else if (!groupNames.Add(group.Name))
            {
                errors.Add(Field(path, "name"), group.Name, $"duplicate failover group name '{group.Name}'");
            }
            CheckMembers(group, known, errors);
        }
        if (r.Directors.Count > 0 && r.Groups.Count == 0)
        {
            errors.Add(Field(ConfigPaths.Redundancy, "groups"), null,
                $"director '{r.Directors[0].Name}' is in no failover group: with directors beyond the primary and the backup, define the groups that say who runs what");
        }
        CheckElements(config, groupNames, errors);
        CheckMulticast(config, errors);
    }

    // A multicast group: IPv4 (as Heartbeat's mcast), for a cluster, whose directors' heartbeat addresses are all IPv4.
    private static void CheckMulticast(LvsConfig config, ICollection<ValidationError> errors)
    {
        if (config.Redundancy.Multicast is not { } text)
        {
            return;
        }
        var path = Field(ConfigPaths.Redundancy, "multicast");
        if (!AddressText.TryParse(text, out var group) || group.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || (group.GetAddressBytes()[0] & 0xF0) != 224)
        {
            errors.Add(path, text, $"'{text}' is not an IPv4 multicast address (224.0.0.0 to 239.255.255.255; 239.x.x.x is for a site's own use)");
            return;
        }
        if (!ClusterPlan.IsCluster(config))
        {
            errors.Add(path, text, "multicast heartbeats are for a cluster (failover groups); a pair heartbeats to its peer's address");
            return;
        }
        foreach (var director in ClusterTopology.Of(config).Directors)
        {
            foreach (var address in new[] { director.Address, director.PrivateAddress })
            {
                if (AddressText.TryParse(address, out var ip) && ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    errors.Add(path, text, $"director '{director.Name}' heartbeats from {address}, an IPv6 address: multicast heartbeats need IPv4 addresses on every path");
                    return;
                }
            }
        }
    }

    private static void CheckDirectors(LvsConfig config, ICollection<ValidationError> errors)
    {
        var r = config.Redundancy;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        void Name(string name, string path)
        {
            if (ConfigNames.Problem(name) is { } problem)
            {
                errors.Add(path, name, problem);
            }
            else if (!names.TryAdd(name, path))
            {
                errors.Add(path, name, $"director name '{name}' is already used ({names[name]})");
            }
        }
        // The pair's own addresses are only noted: RedundancyRule already says when the backup's is the primary's.
        void Address(string? text, string path, string director, bool pair = false)
        {
            if (AddressText.TryParse(text, out var ip) && !addresses.TryAdd(ip.ToString(), director) && !pair)
            {
                errors.Add(path, text, $"address {text} is already used by director '{addresses[ip.ToString()]}'");
            }
        }
        Name(r.PrimaryName, Field(ConfigPaths.Redundancy, "primaryName"));
        Address(config.Global.Primary, Field(Global, "primary"), r.PrimaryName, pair: true);
        Address(config.Global.PrimaryPrivate, Field(Global, "primaryPrivate"), r.PrimaryName, pair: true);
        Name(r.BackupName, Field(ConfigPaths.Redundancy, "backupName"));
        if (r.Enabled)
        {
            Address(r.Backup, Field(ConfigPaths.Redundancy, "backup"), r.BackupName, pair: true);
            Address(r.BackupPrivate, Field(ConfigPaths.Redundancy, "backupPrivate"), r.BackupName, pair: true);
        }
        if (r.Directors.Count > 0 && !r.Enabled)
        {
            errors.Add(Field(ConfigPaths.Redundancy, "enabled"), false, "directors beyond the primary need the backup director too: set backup_active = 1 and backup");
        }
        var total = 2 + r.Directors.Count;
        if (total > ClusterTopology.MaxDirectors)
        {
            errors.Add(Field(ConfigPaths.Redundancy, "directors"), r.Directors.Count, $"at most {ClusterTopology.MaxDirectors} directors in a cluster, not {total}");
        }
        foreach (var director in r.Directors)
        {
            var path = ClusterDirector(director.Name);
            Name(director.Name, Field(path, "name"));
            if (!AddressText.TryParse(director.Address, out _))
            {
                errors.Add(Field(path, "address"), director.Address, director.Address.Length == 0 ? "a director needs its public address" : $"'{director.Address}' is not an IPv4 or IPv6 address");
            }
            if (director.PrivateAddress is { } privateAddress && !AddressText.TryParse(privateAddress, out _))
            {
                errors.Add(Field(path, "privateAddress"), privateAddress, $"'{privateAddress}' is not an IPv4 or IPv6 address");
            }
            Address(director.Address, Field(path, "address"), director.Name);
            Address(director.PrivateAddress, Field(path, "privateAddress"), director.Name);
        }
    }

    private static void CheckMembers(FailoverGroupConfig group, HashSet<string> known, ICollection<ValidationError> errors)
    {
        var path = Field(FailoverGroup(group.Name), "members");
        if (group.Members.Count == 0)
        {
            errors.Add(path, null, $"failover group '{group.Name}' has no directors: list them as members = DIRECTOR:PRIORITY,...");
            return;
        }
        var directors = new HashSet<string>(StringComparer.Ordinal);
        var priorities = new Dictionary<int, string>();
        foreach (var (director, priority) in group.Members)
        {
            var value = $"{director}:{priority}";
            if (!known.Contains(director))
            {
                errors.Add(path, value, $"unknown director '{director}'; the cluster's directors are {string.Join(", ", known.Order(StringComparer.Ordinal))}");
            }
            if (!directors.Add(director))
            {
                errors.Add(path, value, $"director '{director}' is listed twice");
            }
            if (priority is < 1 or > 255)
            {
                errors.Add(path, value, $"priority {priority} of '{director}' is out of range 1..255");
            }
            else if (!priorities.TryAdd(priority, director))
            {
                errors.Add(path, value, $"priority {priority} is also that of '{priorities[priority]}': priorities are unique in a group, so the order is never a tie");
            }
        }
    }

    // With groups defined, every element that takes an address names one; without, none may name one.
    private static void CheckElements(LvsConfig config, HashSet<string> groups, ICollection<ValidationError> errors)
    {
        var owners = new Dictionary<string, (string Group, string What)>(StringComparer.Ordinal);
        void Element(bool active, string? group, string? address, string path, string what)
        {
            if (config.Redundancy.Groups.Count == 0)
            {
                if (group is not null)
                {
                    errors.Add(path, group, $"no failover groups are defined: define group '{group}' or leave {what} in the pair's");
                }
                return;
            }
            if (!active)
            {
                return;
            }
            if (group is null)
            {
                errors.Add(path, null, $"{what} is in no failover group: name one of {string.Join(", ", groups)}");
                return;
            }
            if (!groups.Contains(group))
            {
                errors.Add(path, group, $"unknown failover group '{group}'; the groups are {string.Join(", ", groups)}");
                return;
            }
            // An address moves with its group: two groups cannot both hold it.
            if (AddressText.TryParse(address, out var ip))
            {
                if (owners.TryGetValue(ip.ToString(), out var owner) && owner.Group != group)
                {
                    errors.Add(path, group, $"address {address} of {what} is also used by {owner.What}, in group '{owner.Group}': an address moves with one group");
                }
                owners.TryAdd(ip.ToString(), (group, what));
            }
        }
        foreach (var vs in config.VirtualServers)
        {
            Element(vs.Active, vs.Group, vs.Address, Field(VirtualServer(vs.Name), "group"), $"virtual server '{vs.Name}'");
        }
        foreach (var fos in config.FailoverServices)
        {
            Element(fos.Active, fos.Group, fos.Address, Field(FailoverService(fos.Name), "group"), $"failover service '{fos.Name}'");
        }
        var g = config.Global;
        var natUsed = !string.IsNullOrEmpty(g.NatRouterAddress) && !string.IsNullOrEmpty(g.NatRouterDevice)
            && (g.Network == NetworkType.Nat || config.VirtualServers.Any(v => v.Active && v.EffectiveForwarding(g) == NetworkType.Nat));
        Element(natUsed, g.NatRouterGroup, g.NatRouterAddress, Field(Global, "natRouterGroup"), "the NAT router");
    }
}
