using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Net;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// Turns vrrp_instances into PiranhaNet's pair: the virtual addresses become the virtual servers' devices and masks
/// (or the NAT router), unicast_src_ip and unicast_peer become the primary and backup addresses (which is which
/// follows this file's state), advert_int the heartbeat interval, VRRP's master-down interval the dead time,
/// nopreempt no auto-failback, the tracking of links (keepalived's default, unless dont_track_primary) link
/// monitoring, notify_master and notify_backup the active and inactive commands. Instances that are MASTER here and
/// BACKUP here side by side (dual active) become failover groups, one per instance, the director it is MASTER on
/// first; each virtual server and the NAT router join the group of the instance that holds their address.
/// </summary>
internal static class KeepalivedRedundancyMapper
{
    /// <summary><paramref name="config"/> with what <paramref name="instances"/> carry.</summary>
    public static LvsConfig Apply(LvsConfig config, IReadOnlyList<KeepalivedVrrpInstance> instances, ImportDiagnostics diagnostics)
    {
        if (instances.Count == 0)
        {
            return config;
        }
        var first = instances[0];
        var bothKnown = first.OwnAddress is not null && first.Peers.Count == 1;
        var dualActive = bothKnown && instances.Any(i => i.Master != first.Master);
        config = PlaceAddresses(config, instances.SelectMany((instance, index) => instance.Addresses.Select(a => (a, dualActive ? GroupName(instance, index) : null))),
            diagnostics);
        if (instances.FirstOrDefault(i => i.SyncInterface is not null) is { SyncInterface: { } syncInterface })
        {
            config = config with { Global = config.Global with { SyncDaemon = config.Global.SyncDaemon with { Enabled = true, Interface = syncInterface } } };
        }
        config = config with
        {
            Global = config.Global with
            {
                ActiveCommand = instances.Select(i => i.NotifyMaster).FirstOrDefault(c => c is not null) ?? config.Global.ActiveCommand,
                InactiveCommand = instances.Select(i => i.NotifyBackup).FirstOrDefault(c => c is not null) ?? config.Global.InactiveCommand,
            },
        };
        if (!bothKnown)
        {
            diagnostics.NotCarried(first.Location, $"vrrp_instance {first.Name} does not name both directors (unicast_src_ip and one unicast_peer): PiranhaNet heartbeats between two known addresses; add them, or set primary and backup after import");
            return config;
        }
        // Without preemption keepalived wants both directors to start as BACKUP, so the state says nothing about which
        // is the primary: this file's director is taken as the primary, and with auto-failback off that only decides
        // who serves when both start together.
        var ownIsPrimary = first.Master || first.NoPreempt;
        if (first.NoPreempt && !first.Master)
        {
            diagnostics.Ignored(first.Location, $"vrrp_instance {first.Name} is BACKUP with nopreempt, as both directors are: this file's director ({first.OwnAddress}) becomes the primary, and whichever director is active stays active");
        }
        var (primary, backup) = ownIsPrimary ? (first.OwnAddress!, first.Peers[0]) : (first.Peers[0], first.OwnAddress!);
        // VRRP's backup declares the master dead after three adverts plus a skew that grows as its priority falls.
        var deadtime = Math.Round(3 * first.AdvertInterval + (256 - first.Priority) / 256.0 * first.AdvertInterval, 3);
        return config with
        {
            Global = config.Global with { Primary = primary },
            Redundancy = config.Redundancy with
            {
                Enabled = true,
                Heartbeat = true,
                Backup = backup,
                Keepalive = first.AdvertInterval,
                Deadtime = deadtime,
                AutoFailback = !first.NoPreempt,
                // keepalived watches its own interface unless told not to (dont_track_primary), and the tracked ones.
                MonitorLinks = first.TracksOwnInterface || first.TrackedInterfaces.Count > 0,
                Groups = dualActive ? [.. instances.Select((instance, index) => GroupOf(instance, index, ownIsPrimary))] : [],
            },
        };
    }

    // An instance as a failover group of the pair: the director it is MASTER on first, failing back unless nopreempt.
    private static FailoverGroupConfig GroupOf(KeepalivedVrrpInstance instance, int index, bool ownIsPrimary)
    {
        var (own, peer) = ownIsPrimary ? (RedundancyConfig.DefaultPrimaryName, RedundancyConfig.DefaultBackupName) : (RedundancyConfig.DefaultBackupName, RedundancyConfig.DefaultPrimaryName);
        var (first, second) = instance.Master ? (own, peer) : (peer, own);
        return new FailoverGroupConfig { Name = GroupName(instance, index), Members = [new(first, 100), new(second, 50)], Failback = !instance.NoPreempt };
    }

    // The instance's name when PiranhaNet can write it, else vrrp1, vrrp2... by its place in the file.
    private static string GroupName(KeepalivedVrrpInstance instance, int index) =>
        Validation.ConfigNames.Problem(instance.Name) is null ? instance.Name : $"vrrp{index + 1}";

    // Each virtual address is a virtual server's VIP (its device and mask), else the address of the next firewall-mark
    // virtual server that has none, else (in NAT mode) the NAT router.
    private static LvsConfig PlaceAddresses(LvsConfig config, IEnumerable<(KeepalivedVirtualAddress Address, string? Group)> addresses, ImportDiagnostics diagnostics)
    {
        var servers = config.VirtualServers.ToList();
        foreach (var (address, group) in addresses)
        {
            var matched = false;
            for (var i = 0; i < servers.Count; i++)
            {
                if (SameAddress(servers[i].Address, address.Address))
                {
                    servers[i] = servers[i] with { Device = address.ModelDevice, VipNetmask = PrefixNetmask.Of(address.Address, address.PrefixLength), Group = group };
                    matched = true;
                }
            }
            if (matched)
            {
                continue;
            }
            // A firewall-mark virtual server has no address in keepalived.conf; PiranhaNet's names the one it moves.
            var unaddressed = servers.FindIndex(s => s.FirewallMark is not null && s.Address.Length == 0);
            if (unaddressed >= 0)
            {
                servers[unaddressed] = servers[unaddressed] with
                {
                    Address = address.Address, Device = address.ModelDevice, VipNetmask = PrefixNetmask.Of(address.Address, address.PrefixLength), Group = group,
                };
                continue;
            }
            var usesNat = config.Global.Network == NetworkType.Nat || servers.Any(s => s.ForwardingMethod == NetworkType.Nat);
            if (usesNat && config.Global.NatRouterAddress is null)
            {
                config = config with
                {
                    Global = config.Global with
                    {
                        NatRouterAddress = address.Address, NatRouterDevice = address.ModelDevice, NatRouterNetmask = PrefixNetmask.Of(address.Address, address.PrefixLength),
                        NatRouterGroup = group,
                    },
                };
                continue;
            }
            diagnostics.NotCarried(address.Location, $"virtual address {address.Address} is not carried: it is neither a virtual server's address nor the NAT router, the only addresses PiranhaNet moves");
        }
        return config with { VirtualServers = [.. servers] };
    }

    private static bool SameAddress(string a, string b) =>
        AddressText.TryParse(a, out var x) && AddressText.TryParse(b, out var y) && x.Equals(y);
}
