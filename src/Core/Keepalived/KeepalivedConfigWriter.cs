using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// Writes a configuration as a keepalived.conf that keepalived itself accepts (its <c>--config-test</c>): the
/// primary director's view of the pair, every active virtual server with its real servers and checkers, the IPVS
/// timeouts and the sync daemon. What keepalived.conf cannot say is listed in comments at the top, so nothing is lost
/// silently; reading the file back with <see cref="KeepalivedConfigReader"/> gives the same configuration for
/// everything it can say.
/// </summary>
public static class KeepalivedConfigWriter
{
    /// <summary>The text, and what it could not express.</summary>
    public sealed record Output(string Text, IReadOnlyList<string> NotExpressed);

    /// <summary>Writes <paramref name="config"/>.</summary>
    public static Output Write(LvsConfig config)
    {
        var notExpressed = new List<string>();
        var body = new KeepalivedTextBuilder();
        var pair = config.Redundancy.Enabled && config.Redundancy.Heartbeat && config.Redundancy.Backup is not null && config.Global.Primary.Length > 0
            && KeepalivedVrrpWriter.HasAddressOfItsFamily(config);
        NoteGlobalLosses(config, pair, notExpressed);
        WriteGlobalDefs(body, config.Global, pair);
        if (pair)
        {
            KeepalivedVrrpWriter.Write(body, config, notExpressed);
            body.Blank();
        }
        foreach (var vs in config.VirtualServers)
        {
            if (!vs.Active)
            {
                notExpressed.Add($"virtual server {vs.Name} (inactive, not written)");
                continue;
            }
            if (!KeepalivedVirtualServerWriter.HasRealServers(vs))
            {
                notExpressed.Add($"virtual server {vs.Name} (no real server in service; keepalived ignores such a virtual server)");
                continue;
            }
            KeepalivedVirtualServerWriter.Write(body, vs, config.Global, vipsMove: pair, notExpressed);
            body.Blank();
        }
        // A firewall-mark service's address is only a virtual address of the instance; two marks on one address read
        // back as one address for the first mark.
        foreach (var shared in config.VirtualServers.Where(v => v.Active && v.FirewallMark is not null && v.Address.Length > 0)
            .GroupBy(v => v.Address, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            notExpressed.Add($"that firewall-mark services {string.Join(", ", shared.Select(v => v.Name))} share the address {shared.Key}");
        }
        if (config.VirtualServers.Any(v => v.Active && v.Name != ExpectedName(v)) || config.VirtualServers.SelectMany(v => v.RealServers).Any(r => !r.Name.StartsWith("rs_", StringComparison.Ordinal)))
        {
            notExpressed.Add("the names of virtual and real servers (keepalived.conf has none; they read back as vs_ADDRESS_PORT[_udp] and rs_ADDRESS_PORT)");
        }

        var header = new KeepalivedTextBuilder();
        header.Comment($"keepalived.conf written by PiranhaNet from configuration version {config.SerialNo}.");
        if (pair)
        {
            header.Comment($"For the primary director ({config.Global.Primary}); on the backup ({config.Redundancy.Backup}) swap unicast_src_ip and unicast_peer and lower the priority.");
        }
        if (notExpressed.Count > 0)
        {
            header.Comment("Not expressed in keepalived.conf:");
            foreach (var loss in notExpressed)
            {
                header.Comment($"  - {loss}");
            }
        }
        header.Blank();
        return new Output(header + body.ToString(), notExpressed);
    }

    private static string ExpectedName(VirtualServerConfig vs) => new KeepalivedServiceAddress(vs.Address, vs.Port, vs.FirewallMark).Name(null, vs.Protocol);

    private static void WriteGlobalDefs(KeepalivedTextBuilder text, GlobalSettingsConfig global, bool pair)
    {
        var timeouts = global.ConnectionTimeouts;
        var words = new List<object>();
        foreach (var (key, seconds) in new[] { ("tcp", timeouts.Tcp), ("tcpfin", timeouts.TcpFin), ("udp", timeouts.Udp) })
        {
            if (seconds > 0)
            {
                words.Add(key);
                words.Add(seconds);
            }
        }
        var sync = global.SyncDaemon.Enabled && pair;
        if (words.Count == 0 && !sync)
        {
            return;
        }
        using (text.Block("global_defs"))
        {
            if (words.Count > 0)
            {
                text.Line("lvs_timeouts", [.. words]);
            }
            if (sync)
            {
                text.Line("lvs_sync_daemon", global.SyncDaemon.Interface, KeepalivedVrrpWriter.InstanceName, "id", global.SyncDaemon.Id);
            }
        }
        text.Blank();
    }

    // The cluster-wide settings keepalived.conf has no place for.
    private static void NoteGlobalLosses(LvsConfig config, bool pair, List<string> notExpressed)
    {
        var g = config.Global;
        var r = config.Redundancy;
        void Lost(bool lost, string what)
        {
            if (lost)
            {
                notExpressed.Add(what);
            }
        }
        Lost(config.Service == ServiceKind.Fos, $"service = fos and its {config.FailoverServices.Count} failover service(s): keepalived has no failover services");
        Lost(r.Enabled && !pair, "the backup director (a vrrp_instance needs both addresses, heartbeats and a virtual address of the directors' address family)");
        Lost(!pair && g.Primary.Length > 0, $"primary {g.Primary} (used only by a vrrp_instance)");
        Lost(g.PrimaryPrivate is not null || r.BackupPrivate is not null, "the private heartbeat path (keepalived's VRRP runs on one path)");
        Lost(g.PrimaryShared is not null || r.BackupShared is not null, "the shared devices of service = fos");
        Lost(pair && r.HeartbeatPort != 539, $"heartbeat_port {r.HeartbeatPort} (VRRP is IP protocol 112)");
        Lost(!pair && g.SyncDaemon.Enabled, "the sync daemon (lvs_sync_daemon follows a vrrp_instance)");
        Lost(!pair && (g.ActiveCommand is not null || g.InactiveCommand is not null), "active_cmd and inactive_cmd (notify_master and notify_backup belong to a vrrp_instance)");
        Lost(!pair && g.NatRouterAddress is not null, $"the NAT router {g.NatRouterAddress} (keepalived moves addresses only through a vrrp_instance)");
        Lost(pair && g.NatRouterAddress is not null && !KeepalivedVrrpWriter.UsesNat(config), $"the NAT router {g.NatRouterAddress} (no virtual server written forwards by NAT)");
        Lost(g.RshCommand != RemoteShell.Rsh, $"rsh_command {g.RshCommand}");
        Lost(g.DebugLevel != "NONE", $"debug_level {g.DebugLevel}");
        Lost(!g.HardShutdown, "hard_shutdown 0");
        Lost(g.Sync, "sync 1");
        Lost(g.IpvsadmPath is not null, $"ipvsadm path {g.IpvsadmPath}");
        Lost(g.ReservationConflictAction is not null, $"reservation_conflict_action {g.ReservationConflictAction}");
    }
}
