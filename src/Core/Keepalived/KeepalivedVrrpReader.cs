using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Net;
namespace PiranhaNet.Core.Keepalived;

/// <summary>Reads <c>vrrp_instance</c> blocks; names what PiranhaNet's heartbeat cannot carry.</summary>
internal static class KeepalivedVrrpReader
{
    /// <summary>VRRP protocol details whose loss changes nothing PiranhaNet does (its directors heartbeat their own way).</summary>
    private static readonly Dictionary<string, string> s_ignored = new(StringComparer.Ordinal)
    {
        ["virtual_router_id"] = "PiranhaNet's heartbeat has no router id; the pair is its two configured addresses",
        ["authentication"] = "PiranhaNet's heartbeats are signed with its own HMAC-SHA256 key: generate one on the Redundancy page",
        ["smtp_alert"] = "PiranhaNet sends no mail; its failover history records every change",
        ["version"] = "PiranhaNet's heartbeat is not VRRP",
        ["native_ipv6"] = "PiranhaNet's heartbeat is not VRRP",
        ["strict_mode"] = "PiranhaNet's heartbeat is not VRRP",
        ["accept"] = "PiranhaNet adds the addresses as local addresses, which accept traffic",
        ["no_accept"] = "PiranhaNet adds the addresses as local addresses, which accept traffic",
        ["use_vmac"] = "PiranhaNet announces the addresses with gratuitous ARP and neighbour advertisements instead",
        ["vmac_xmit_base"] = "PiranhaNet announces the addresses with gratuitous ARP and neighbour advertisements instead",
    };

    /// <summary>Settings PiranhaNet has no counterpart for, whose loss changes what happens at a failover.</summary>
    private static readonly Dictionary<string, string> s_unsupported = new(StringComparer.Ordinal)
    {
        ["track_script"] = "PiranhaNet fails over on a dead peer or a lost link, not on a script",
        ["track_file"] = "PiranhaNet fails over on a dead peer or a lost link, not on a file",
        ["track_process"] = "PiranhaNet fails over on a dead peer or a lost link, not on a process",
        ["track_bfd"] = "PiranhaNet has no BFD",
        ["preempt_delay"] = "PiranhaNet's primary takes the work back as soon as it returns (or never, with nopreempt)",
        ["notify_fault"] = "PiranhaNet runs a command on becoming active and on becoming inactive only",
        ["notify_stop"] = "PiranhaNet runs a command on becoming active and on becoming inactive only",
        ["notify"] = "PiranhaNet runs a command on becoming active and on becoming inactive only",
        ["virtual_routes"] = "PiranhaNet moves addresses, not routes",
        ["virtual_rules"] = "PiranhaNet moves addresses, not routing rules",
    };

    /// <summary>The instance, or null when its block is too broken to use.</summary>
    public static KeepalivedVrrpInstance? Read(KeepalivedStatement block, ImportDiagnostics diagnostics)
    {
        if (block.Arguments is not [var name])
        {
            diagnostics.Error(block.Location, "vrrp_instance takes one name");
            return null;
        }
        var instance = new KeepalivedVrrpInstance(name.Text, block.Location, Master: false, Priority: 100, AdvertInterval: 1, NoPreempt: false,
            [], [], OwnAddress: null, [], NotifyMaster: null, NotifyBackup: null, SyncInterface: null, TracksOwnInterface: true);
        string? defaultDevice = null;
        var addresses = new List<KeepalivedVirtualAddress>();
        foreach (var statement in block.Children)
        {
            switch (statement.Name)
            {
                case "state":
                    instance = ReadState(statement, instance, diagnostics);
                    break;
                case "priority":
                    instance = instance with { Priority = KeepalivedValues.Integer(statement, diagnostics, 1, 255) ?? instance.Priority };
                    break;
                case "advert_int":
                    instance = instance with { AdvertInterval = KeepalivedValues.Seconds(statement, diagnostics) ?? instance.AdvertInterval };
                    break;
                case "dont_track_primary":
                    instance = instance with { TracksOwnInterface = false };
                    break;
                case "nopreempt":
                    instance = instance with { NoPreempt = true };
                    break;
                case "interface":
                    defaultDevice = KeepalivedValues.Single(statement, diagnostics)?.Text;
                    break;
                case "virtual_ipaddress" or "virtual_ipaddress_excluded":
                    addresses.AddRange(statement.Children.Select(a => ReadAddress(a, diagnostics)).OfType<KeepalivedVirtualAddress>());
                    break;
                case "track_interface":
                    instance = instance with { TrackedInterfaces = [.. instance.TrackedInterfaces, .. statement.Children.Select(c => c.Name)] };
                    break;
                case "unicast_src_ip" or "mcast_src_ip":
                    instance = instance with { OwnAddress = KeepalivedValues.Single(statement, diagnostics)?.Text };
                    break;
                case "unicast_peer":
                    instance = instance with { Peers = [.. instance.Peers, .. statement.Children.Select(c => c.Name)] };
                    break;
                case "notify_master":
                    instance = instance with { NotifyMaster = KeepalivedValues.Command(statement, diagnostics) };
                    break;
                case "notify_backup":
                    instance = instance with { NotifyBackup = KeepalivedValues.Command(statement, diagnostics) };
                    break;
                case "lvs_sync_daemon_interface":
                    instance = instance with { SyncInterface = KeepalivedValues.Single(statement, diagnostics)?.Text };
                    break;
                case var other when other.StartsWith("garp_", StringComparison.Ordinal) || other.StartsWith("gna_", StringComparison.Ordinal):
                    diagnostics.Ignored(statement.Location, $"{other} is not carried: PiranhaNet sends its own gratuitous ARP and neighbour advertisements on takeover");
                    break;
                case var other when s_ignored.TryGetValue(other, out var why):
                    diagnostics.Ignored(statement.Location, $"{other} is not carried: {why}");
                    break;
                case var other when s_unsupported.TryGetValue(other, out var why):
                    diagnostics.NotCarried(statement.Location, $"{other} is not carried: {why}");
                    break;
                default:
                    diagnostics.NotCarried(statement.Location, $"'{statement.Name}' in vrrp_instance is not carried (PiranhaNet has no such setting)");
                    break;
            }
        }
        // keepalived puts an address without "dev" on the instance's interface.
        return instance with { Addresses = [.. addresses.Select(a => a.Device is null ? a with { Device = defaultDevice } : a)] };
    }

    private static KeepalivedVrrpInstance ReadState(KeepalivedStatement statement, KeepalivedVrrpInstance instance, ImportDiagnostics diagnostics)
    {
        switch (KeepalivedValues.Single(statement, diagnostics)?.Text.ToUpperInvariant())
        {
            case "MASTER":
                return instance with { Master = true };
            case "BACKUP":
                return instance with { Master = false };
            case null:
                return instance;
            default:
                diagnostics.Error(statement.Arguments[0].Location, $"state '{statement.Arguments[0].Text}' is not MASTER or BACKUP");
                return instance;
        }
    }

    private static KeepalivedVirtualAddress? ReadAddress(KeepalivedStatement item, ImportDiagnostics diagnostics)
    {
        var text = item.Name;
        var slash = text.IndexOf('/');
        int? prefix = null;
        if (slash >= 0)
        {
            if (!int.TryParse(text[(slash + 1)..], out var length) || length is < 0 or > 128)
            {
                diagnostics.Error(item.Location, $"'{text}' has no valid prefix length after '/'");
                return null;
            }
            prefix = length;
            text = text[..slash];
        }
        if (!AddressText.TryParse(text, out _))
        {
            diagnostics.Error(item.Location, $"'{item.Name}' is not an address (ADDR[/LEN] [dev IF] [label LABEL])");
            return null;
        }
        string? device = null, label = null;
        for (var i = 0; i < item.Arguments.Count; i++)
        {
            var word = item.Arguments[i];
            var value = i + 1 < item.Arguments.Count ? item.Arguments[i + 1].Text : null;
            switch (word.Text)
            {
                case "dev" when value is not null:
                    device = value;
                    i++;
                    break;
                case "label" when value is not null:
                    label = value;
                    i++;
                    break;
                case "brd" or "scope" or "broadcast" when value is not null:
                    diagnostics.Ignored(word.Location, $"{word.Text} {value} is not carried: PiranhaNet adds the address with the kernel's defaults");
                    i++;
                    break;
                default:
                    diagnostics.NotCarried(word.Location, $"'{word.Text}' after a virtual address is not carried (PiranhaNet knows dev and label)");
                    break;
            }
        }
        return new KeepalivedVirtualAddress(text, prefix, device, label, item.Location);
    }
}
