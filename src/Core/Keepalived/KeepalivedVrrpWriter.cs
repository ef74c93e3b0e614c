using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// Writes the director pair as the primary's <c>vrrp_instance</c> (the inverse of <see cref="KeepalivedRedundancyMapper"/>):
/// unicast between the two addresses, advert_int the heartbeat interval, a priority whose VRRP skew gives the dead
/// time, nopreempt (with state BACKUP, as keepalived requires) for no auto-failback, the virtual servers' addresses and
/// the NAT router as virtual addresses.
/// </summary>
internal static class KeepalivedVrrpWriter
{
    /// <summary>The instance's name, which lvs_sync_daemon names too.</summary>
    public const string InstanceName = "VI_1";

    // The priority written when the dead time is not one keepalived can derive from advert_int.
    private const int DefaultPriority = 150;

    /// <summary>
    /// Whether some virtual address has the directors' family: a VRRP instance is of one family, and keepalived
    /// wants at least one address of it (the others are written as excluded addresses).
    /// </summary>
    public static bool HasAddressOfItsFamily(LvsConfig config) =>
        VirtualAddresses(config).Any(a => SameFamily(a.Address, config.Global.Primary));

    public static void Write(KeepalivedTextBuilder text, LvsConfig config, List<string> notExpressed)
    {
        var redundancy = config.Redundancy;
        var addresses = VirtualAddresses(config).ToList();
        var own = addresses.Where(a => SameFamily(a.Address, config.Global.Primary)).ToList();
        var interfaceName = own.Select(a => a.Device).FirstOrDefault(d => d is not null) ?? "eth0";
        using var block = text.Block("vrrp_instance", InstanceName);
        // VRRP version 2 only has whole-second adverts.
        if (redundancy.Keepalive != Math.Floor(redundancy.Keepalive))
        {
            text.Line("version", 3);
        }
        text.Line("state", redundancy.AutoFailback ? "MASTER" : "BACKUP");
        if (!redundancy.AutoFailback)
        {
            text.Line("nopreempt");
        }
        text.Line("interface", interfaceName);
        text.Line("virtual_router_id", 51);
        text.Line("priority", Priority(redundancy, notExpressed));
        text.Line("advert_int", redundancy.Keepalive);
        text.Line("unicast_src_ip", config.Global.Primary);
        using (text.Block("unicast_peer"))
        {
            text.Line(redundancy.Backup ?? "");
        }
        // keepalived watches its own interface by default; the addresses' other devices are tracked by name.
        var others = addresses.Select(a => a.Device ?? interfaceName).Where(d => d != interfaceName).Distinct(StringComparer.Ordinal).ToList();
        if (!redundancy.MonitorLinks)
        {
            text.Line("dont_track_primary");
        }
        else if (others.Count > 0)
        {
            using (text.Block("track_interface"))
            {
                foreach (var device in others)
                {
                    text.Line(device);
                }
            }
        }
        KeepalivedVirtualServerWriter.WriteText(text, "notify_master", config.Global.ActiveCommand, "active_cmd", notExpressed);
        KeepalivedVirtualServerWriter.WriteText(text, "notify_backup", config.Global.InactiveCommand, "inactive_cmd", notExpressed);
        WriteAddresses(text, "virtual_ipaddress", own, notExpressed);
        var excluded = addresses.Except(own).ToList();
        if (excluded.Count > 0)
        {
            // Addresses of the other family move with the instance without being announced in its adverts.
            WriteAddresses(text, "virtual_ipaddress_excluded", excluded, notExpressed);
        }
    }

    private static void WriteAddresses(KeepalivedTextBuilder text, string keyword, IReadOnlyList<(string Address, int? Prefix, string? Device, string? Label)> addresses, List<string> notExpressed)
    {
        using var block = text.Block(keyword);
        foreach (var address in addresses)
        {
            var ipv6 = address.Address.Contains(':');
            var words = new List<object>();
            words.AddRange(address.Device is { } device ? ["dev", device] : Array.Empty<object>());
            if (address.Label is { } label && ipv6)
            {
                notExpressed.Add($"the label {label} of {address.Address} (keepalived labels IPv4 addresses only)");
            }
            else if (address.Label is { } ipv4Label)
            {
                words.AddRange(["label", ipv4Label]);
            }
            text.Line(address.Prefix is { } prefix ? $"{address.Address}/{prefix}" : address.Address, [.. words]);
        }
    }

    private static bool SameFamily(string a, string b) => AddressText.TryParse(a, out var x) && AddressText.TryParse(b, out var y) && x.AddressFamily == y.AddressFamily;

    // The priority whose skew, (256 - priority) / 256 of advert_int on top of three adverts, is the dead time.
    private static int Priority(RedundancyConfig redundancy, List<string> notExpressed)
    {
        var skew = (redundancy.Deadtime - 3 * redundancy.Keepalive) / redundancy.Keepalive;
        var priority = (int)Math.Round(256 - skew * 256);
        if (priority is >= 1 and <= 255 && Math.Abs(3 * redundancy.Keepalive + (256 - priority) / 256.0 * redundancy.Keepalive - redundancy.Deadtime) < 0.001)
        {
            return priority;
        }
        var derived = 3 * redundancy.Keepalive + (256 - DefaultPriority) / 256.0 * redundancy.Keepalive;
        notExpressed.Add($"deadtime {redundancy.Deadtime:0.###} s (keepalived derives {derived:0.###} s from advert_int {redundancy.Keepalive:0.###})");
        return DefaultPriority;
    }

    // Each active virtual server's address once, then the NAT router's.
    private static IEnumerable<(string Address, int? Prefix, string? Device, string? Label)> VirtualAddresses(LvsConfig config)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vs in config.VirtualServers.Where(v => v.Active && v.Address.Length > 0 && KeepalivedVirtualServerWriter.HasRealServers(v)))
        {
            if (seen.Add(vs.Address))
            {
                yield return Entry(vs.Address, vs.VipNetmask, vs.Device);
            }
        }
        if (config.Global.NatRouterAddress is { } router && UsesNat(config) && seen.Add(router))
        {
            yield return Entry(router, config.Global.NatRouterNetmask, config.Global.NatRouterDevice);
        }
    }

    /// <summary>Whether a virtual server keepalived runs forwards by NAT, the only reason to move the NAT router.</summary>
    public static bool UsesNat(LvsConfig config) => config.VirtualServers.Any(v => v.Active && KeepalivedVirtualServerWriter.HasRealServers(v)
        && v.EffectiveForwarding(config.Global) == NetworkType.Nat);

    // "eth0:1" is the label of an alias on eth0.
    private static (string Address, int? Prefix, string? Device, string? Label) Entry(string address, string? mask, string? device)
    {
        var colon = device?.IndexOf(':') ?? -1;
        int? prefix = AddressText.TryParse(address, out var ip) && AddressText.TryParseNetmask(mask, ip.AddressFamily, out var length) ? length : null;
        return (address, prefix, colon > 0 ? device![..colon] : device, colon > 0 ? device : null);
    }
}
