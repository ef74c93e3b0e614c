using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// Writes an active virtual server as a keepalived <c>virtual_server</c> block with one checker per real server, the
/// inverse of <see cref="KeepalivedVirtualServerReader"/>; what keepalived cannot say is added to <c>notExpressed</c>.
/// </summary>
internal static class KeepalivedVirtualServerWriter
{
    // The port a firewall-mark service reads back with: the model's default, as keepalived.conf gives it none.
    private static readonly int s_importedPort = new VirtualServerConfig { Name = "" }.Port;

    /// <summary>Whether keepalived would run the virtual server at all: it ignores one without real servers.</summary>
    public static bool HasRealServers(VirtualServerConfig vs) => vs.RealServers.Any(r => r.Active && !r.Maintenance);

    public static void Write(KeepalivedTextBuilder text, VirtualServerConfig vs, GlobalSettingsConfig global, bool vipsMove, List<string> notExpressed)
    {
        NoteLosses(vs, vipsMove, notExpressed);
        using var block = vs.FirewallMark is { } mark ? text.Block("virtual_server", "fwmark", mark) : text.Block("virtual_server", vs.Address, vs.Port);
        text.Line("delay_loop", vs.Timeout);
        text.Line("lb_algo", vs.Scheduler);
        text.Line("lb_kind", vs.EffectiveForwarding(global) switch { NetworkType.Direct => "DR", NetworkType.Tunnel => "TUN", _ => "NAT" });
        if (vs.FirewallMark is null)
        {
            text.Line("protocol", vs.Protocol == TransportProtocol.Udp ? "UDP" : "TCP");
        }
        if (vs.Persistent > 0)
        {
            text.Line("persistence_timeout", vs.Persistent);
        }
        if (vs.PersistenceNetmask is { } granularity)
        {
            text.Line("persistence_granularity", granularity);
        }
        foreach (var flag in vs.SchedulerFlags)
        {
            text.Line(flag);
        }
        if (vs.SorryServer is { } sorry)
        {
            // A firewall-mark service has no port to give its sorry server (keepalived clears one).
            if (vs.FirewallMark is null)
            {
                text.Line("sorry_server", sorry, vs.Port);
            }
            else
            {
                text.Line("sorry_server", sorry);
            }
        }
        foreach (var rs in vs.RealServers.Where(r => r.Active && !r.Maintenance))
        {
            WriteRealServer(text, vs, global, rs, notExpressed);
        }
    }

    private static void WriteRealServer(KeepalivedTextBuilder text, VirtualServerConfig vs, GlobalSettingsConfig global, RealServerConfig rs, List<string> notExpressed)
    {
        // Direct routing and tunnelling forward to the virtual server's own port; keepalived resets any other.
        var mapsPorts = vs.EffectiveForwarding(global) == NetworkType.Nat;
        if (!mapsPorts && vs.FirewallMark is null && rs.Port is { } own && own != vs.Port)
        {
            notExpressed.Add($"virtual server {vs.Name}: real server {rs.Name}'s port {own} (direct routing and tunnelling reach it on port {vs.Port})");
        }
        var port = mapsPorts || vs.FirewallMark is not null ? rs.Port ?? vs.Port : vs.Port;
        // keepalived clears a firewall-mark service's real server ports; its checker says where to connect instead.
        using var block = vs.FirewallMark is null ? text.Block("real_server", rs.Address, port) : text.Block("real_server", rs.Address);
        text.Line("weight", rs.EffectiveWeight);
        if (vs.QuiesceServer)
        {
            text.Line("inhibit_on_failure");
        }
        if (rs.UpperThreshold > 0)
        {
            text.Line("uthreshold", rs.UpperThreshold);
        }
        if (rs.LowerThreshold > 0)
        {
            text.Line("lthreshold", rs.LowerThreshold);
        }
        WriteText(text, "notify_up", rs.NotifyUp, $"virtual server {vs.Name}: real server {rs.Name}'s notify_up", notExpressed);
        WriteText(text, "notify_down", rs.NotifyDown, $"virtual server {vs.Name}: real server {rs.Name}'s notify_down", notExpressed);
        WriteChecker(text, vs, rs, port, notExpressed);
    }

    private static void WriteChecker(KeepalivedTextBuilder text, VirtualServerConfig vs, RealServerConfig rs, int port, List<string> notExpressed)
    {
        var check = vs.HealthCheck;
        var keyword = check.Kind switch
        {
            HealthCheckKind.Http => "HTTP_GET",
            HealthCheckKind.Https => "SSL_GET",
            HealthCheckKind.Program => "MISC_CHECK",
            _ => "TCP_CHECK",
        };
        using var block = text.Block(keyword);
        if (check.Kind is HealthCheckKind.Http or HealthCheckKind.Https)
        {
            using (text.Block("url"))
            {
                WriteText(text, "path", check.HttpPath, $"virtual server {vs.Name}: its check's path", notExpressed);
                text.Line("status_code", check.HttpStatusCodes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                WriteText(text, "regex", check.HttpBodyRegex, $"virtual server {vs.Name}: its check's body regex", notExpressed);
            }
            WriteText(text, "virtualhost", check.HttpHost, $"virtual server {vs.Name}: its check's host", notExpressed);
        }
        if (check.Kind == HealthCheckKind.Program)
        {
            // keepalived runs the command as written: the agent's placeholders are filled in for each real server.
            WriteText(text, "misc_path", (check.SendProgram ?? "").Replace("%h", rs.Address, StringComparison.Ordinal).Replace("%p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
                $"virtual server {vs.Name}: its check program", notExpressed);
            text.Line("misc_timeout", check.ResponseTimeout);
            if (check.DynamicWeight)
            {
                text.Line("misc_dynamic");
            }
        }
        else
        {
            if (vs.FirewallMark is not null)
            {
                text.Line("connect_port", port);
            }
            text.Line("connect_timeout", check.ResponseTimeout);
        }
        // keepalived tries again `retry` times before a server goes; the same cadence as PiranhaNet's checks.
        text.Line("retry", check.Fall - 1);
        text.Line("delay_before_retry", vs.Timeout);
    }

    /// <summary>A free-text setting, left out (and listed once) when keepalived.conf cannot hold it.</summary>
    public static void WriteText(KeepalivedTextBuilder text, string keyword, string? value, string what, List<string> notExpressed)
    {
        if (value is null)
        {
            return;
        }
        if (KeepalivedTextBuilder.CanHold(value))
        {
            text.Line(keyword, value);
        }
        else if (!notExpressed.Contains($"{what} (it holds a line break or control character)"))
        {
            notExpressed.Add($"{what} (it holds a line break or control character)");
        }
    }

    // What an lvs.cf says of this virtual server that keepalived.conf cannot.
    private static void NoteLosses(VirtualServerConfig vs, bool vipsMove, List<string> notExpressed)
    {
        var name = $"virtual server {vs.Name}";
        var check = vs.HealthCheck;
        void Lost(bool lost, string what)
        {
            if (lost)
            {
                notExpressed.Add($"{name}: {what}");
            }
        }
        Lost(vs.Reentry != 0, $"reentry {vs.Reentry} s (keepalived puts a server back after one good check)");
        Lost(check.Rise != 1, $"check_rise {check.Rise} (keepalived puts a server back after one good check)");
        Lost(check.Kind == HealthCheckKind.SendExpect, "its send/expect check (written as TCP_CHECK, a connect only)");
        Lost(check.Kind == HealthCheckKind.Https && check.VerifyTls, "certificate verification (keepalived's SSL_GET does not verify)");
        Lost(check.Kind == HealthCheckKind.Program && (check.SendProgram ?? "").Contains("%p", StringComparison.Ordinal), "%p in its check program (written with each real server's port)");
        Lost(check.Kind == HealthCheckKind.Program && check.Expect is not null, "the expected output of its check program (keepalived looks at the exit code)");
        Lost(vs.LoadMonitor != LoadMonitorTool.None, $"load_monitor {vs.LoadMonitor}");
        Lost(vs.ClientMonitor is not null, "its client monitor");
        Lost(!vipsMove && (vs.Device is not null || vs.VipNetmask is not null), "its address's device and mask (keepalived adds addresses only through a vrrp_instance)");
        Lost(vs.FirewallMark is not null && vs.Port != s_importedPort, $"its port {vs.Port} (a firewall-mark service has none in keepalived.conf)");
        Lost(vipsMove && vs.Device is null, "that its address has no device of its own (keepalived puts it on the instance's interface, which it reads back as)");
        Lost(!vipsMove && vs.FirewallMark is not null, $"its address {vs.Address} (a firewall-mark service's address is in keepalived.conf only as a vrrp_instance's virtual address)");
        Lost(vs.RealServers.Count == 0 && vs.QuiesceServer, "quiesce_server (keepalived sets inhibit_on_failure per real server, and it has none)");
        foreach (var rs in vs.RealServers)
        {
            Lost(!rs.Active, $"real server {rs.Name} (inactive, not written)");
            Lost(rs.Maintenance, $"real server {rs.Name} (in maintenance, not written)");
            Lost(rs.Drain, $"real server {rs.Name}'s weight {rs.Weight} (draining: written with weight 0)");
        }
    }
}
