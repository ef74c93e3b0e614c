using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Tests.Serialization;

/// <summary>Every key of every block, read from a file into the model field it belongs to.</summary>
public class LvsKeyCoverageTests
{
    private enum Scope { Global, Virtual, Server, Failover, Director, Group }

    private sealed record KeyCase(Scope Scope, string Line, Func<LvsConfig, bool> Holds);

    private static VirtualServerConfig V(LvsConfig c) => c.VirtualServers[0];

    private static RealServerConfig S(LvsConfig c) => c.VirtualServers[0].RealServers[0];

    private static FailoverServiceConfig F(LvsConfig c) => c.FailoverServices[0];

    private static readonly Dictionary<string, KeyCase> s_cases = new()
    {
        ["global serial_no"] = new(Scope.Global, "serial_no = 42", c => c.SerialNo == 42),
        ["global primary"] = new(Scope.Global, "primary = 10.1.1.1", c => c.Global.Primary == "10.1.1.1"),
        ["global primary_private"] = new(Scope.Global, "primary_private = 192.168.0.1", c => c.Global.PrimaryPrivate == "192.168.0.1"),
        ["global primary_shared"] = new(Scope.Global, "primary_shared = /dev/sdb1", c => c.Global.PrimaryShared == "/dev/sdb1"),
        ["global service"] = new(Scope.Global, "service = fos", c => c.Service == ServiceKind.Fos),
        ["global rsh_command"] = new(Scope.Global, "rsh_command = ssh", c => c.Global.RshCommand == RemoteShell.Ssh),
        ["global backup_active"] = new(Scope.Global, "backup_active = 1", c => c.Redundancy.Enabled),
        ["global backup"] = new(Scope.Global, "backup = 10.1.1.2", c => c.Redundancy.Backup == "10.1.1.2"),
        ["global backup_private"] = new(Scope.Global, "backup_private = 192.168.0.2", c => c.Redundancy.BackupPrivate == "192.168.0.2"),
        ["global backup_shared"] = new(Scope.Global, "backup_shared = /dev/sdc1", c => c.Redundancy.BackupShared == "/dev/sdc1"),
        ["global heartbeat"] = new(Scope.Global, "heartbeat = 1", c => c.Redundancy.Heartbeat),
        ["global heartbeat_port"] = new(Scope.Global, "heartbeat_port = 1539", c => c.Redundancy.HeartbeatPort == 1539),
        ["global keepalive"] = new(Scope.Global, "keepalive = 0.2", c => c.Redundancy.Keepalive == 0.2),
        ["global deadtime"] = new(Scope.Global, "deadtime = 18", c => c.Redundancy.Deadtime == 18),
        ["global network"] = new(Scope.Global, "network = tunnel", c => c.Global.Network == NetworkType.Tunnel),
        ["global nat_router"] = new(Scope.Global, "nat_router = 192.168.1.254 eth1:1", c => c.Global.NatRouterAddress == "192.168.1.254" && c.Global.NatRouterDevice == "eth1:1"),
        ["global nat_nmask"] = new(Scope.Global, "nat_nmask = 255.255.255.0", c => c.Global.NatRouterNetmask == "255.255.255.0"),
        ["global reservation_conflict_action"] = new(Scope.Global, "reservation_conflict_action = preempt", c => c.Global.ReservationConflictAction == ReservationConflictAction.Preempt),
        ["global debug_level"] = new(Scope.Global, "debug_level = DEBUG", c => c.Global.DebugLevel == "DEBUG"),
        ["global active_cmd"] = new(Scope.Global, "active_cmd = \"/usr/local/bin/became-active --now\"", c => c.Global.ActiveCommand == "/usr/local/bin/became-active --now"),
        ["global inactive_cmd"] = new(Scope.Global, "inactive_cmd = /usr/local/bin/became-inactive", c => c.Global.InactiveCommand == "/usr/local/bin/became-inactive"),
        ["global monitor_links"] = new(Scope.Global, "monitor_links = 1", c => c.Redundancy.MonitorLinks),
        ["global syncdaemon"] = new(Scope.Global, "syncdaemon = 1", c => c.Global.SyncDaemon.Enabled),
        ["global syncd_iface"] = new(Scope.Global, "syncd_iface = eth3", c => c.Global.SyncDaemon.Interface == "eth3"),
        ["global syncd_id"] = new(Scope.Global, "syncd_id = 7", c => c.Global.SyncDaemon.Id == 7),
        ["global tcp_timeout"] = new(Scope.Global, "tcp_timeout = 900", c => c.Global.ConnectionTimeouts.Tcp == 900),
        ["global tcpfin_timeout"] = new(Scope.Global, "tcpfin_timeout = 120", c => c.Global.ConnectionTimeouts.TcpFin == 120),
        ["global udp_timeout"] = new(Scope.Global, "udp_timeout = 300", c => c.Global.ConnectionTimeouts.Udp == 300),
        ["global hard_shutdown"] = new(Scope.Global, "hard_shutdown = 0", c => !c.Global.HardShutdown),
        ["global sync"] = new(Scope.Global, "sync = 1", c => c.Global.Sync),
        ["global ipvsadm"] = new(Scope.Global, "ipvsadm = /usr/sbin/ipvsadm", c => c.Global.IpvsadmPath == "/usr/sbin/ipvsadm"),
        ["global auto_failback"] = new(Scope.Global, "# piranhanet: auto_failback = 0", c => !c.Redundancy.AutoFailback),
        ["global primary_name"] = new(Scope.Global, "# piranhanet: primary_name = lvs1", c => c.Redundancy.PrimaryName == "lvs1"),
        ["global backup_name"] = new(Scope.Global, "# piranhanet: backup_name = lvs2", c => c.Redundancy.BackupName == "lvs2"),
        ["global quorum"] = new(Scope.Global, "# piranhanet: quorum = off", c => c.Redundancy.Quorum == QuorumPolicy.Off),
        ["global warntime"] = new(Scope.Global, "# piranhanet: warntime = 1.5", c => c.Redundancy.WarnTime == 1.5),
        ["global initdead"] = new(Scope.Global, "# piranhanet: initdead = 30", c => c.Redundancy.InitDead == 30),
        ["global multicast"] = new(Scope.Global, "# piranhanet: multicast = 239.255.88.1", c => c.Redundancy.Multicast == "239.255.88.1"),
        ["global nat_router_group"] = new(Scope.Global, "# piranhanet: nat_router_group = edge", c => c.Global.NatRouterGroup == "edge"),
        ["virtual group"] = new(Scope.Virtual, "# piranhanet: group = web", c => V(c).Group == "web"),
        ["failover group"] = new(Scope.Failover, "# piranhanet: group = ftp", c => F(c).Group == "ftp"),
        ["director address"] = new(Scope.Director, "address = 192.0.2.3", c => c.Redundancy.Directors[0].Address == "192.0.2.3"),
        ["director private"] = new(Scope.Director, "private = 10.0.0.3", c => c.Redundancy.Directors[0].PrivateAddress == "10.0.0.3"),
        ["group members"] = new(Scope.Group, "members = lvs1:100,lvs3:50", c => c.Redundancy.Groups[0].Members.SequenceEqual([new GroupMemberConfig("lvs1", 100), new GroupMemberConfig("lvs3", 50)])),
        ["group failback"] = new(Scope.Group, "failback = 0", c => !c.Redundancy.Groups[0].Failback),

        ["virtual active"] = new(Scope.Virtual, "active = 1", c => V(c).Active),
        ["virtual address"] = new(Scope.Virtual, "address = 2001:db8::10 eth0:3", c => V(c).Address == "2001:db8::10" && V(c).Device == "eth0:3"),
        ["virtual sorry_server"] = new(Scope.Virtual, "sorry_server = 10.0.9.9", c => V(c).SorryServer == "10.0.9.9"),
        ["virtual vip_nmask"] = new(Scope.Virtual, "vip_nmask = 255.255.0.0", c => V(c).VipNetmask == "255.255.0.0"),
        ["virtual fwmark"] = new(Scope.Virtual, "fwmark = 3000000000", c => V(c).FirewallMark == 3_000_000_000u),
        ["virtual port"] = new(Scope.Virtual, "port = https", c => V(c).Port == 443),
        ["virtual persistent"] = new(Scope.Virtual, "persistent = 360", c => V(c).Persistent == 360),
        ["virtual pmask"] = new(Scope.Virtual, "pmask = 255.255.255.0", c => V(c).PersistenceNetmask == "255.255.255.0"),
        ["virtual send"] = new(Scope.Virtual, "send = \"GET / HTTP/1.0\\r\\n\\r\\n\"", c => V(c).HealthCheck.Send == "GET / HTTP/1.0\r\n\r\n" && V(c).HealthCheck.Kind == HealthCheckKind.SendExpect),
        ["virtual expect"] = new(Scope.Virtual, "expect = \"HTTP\"", c => V(c).HealthCheck.Expect == "HTTP"),
        ["virtual use_regex"] = new(Scope.Virtual, "use_regex = 1", c => V(c).HealthCheck.UseRegex),
        ["virtual send_program"] = new(Scope.Virtual, "send_program = \"/usr/local/bin/check %h\"", c => V(c).HealthCheck.SendProgram == "/usr/local/bin/check %h" && V(c).HealthCheck.Kind == HealthCheckKind.Program),
        ["virtual load_monitor"] = new(Scope.Virtual, "load_monitor = ruptime", c => V(c).LoadMonitor == LoadMonitorTool.Ruptime),
        ["virtual scheduler"] = new(Scope.Virtual, "scheduler = sh", c => V(c).Scheduler == "sh"),
        ["virtual protocol"] = new(Scope.Virtual, "protocol = udp", c => V(c).Protocol == TransportProtocol.Udp),
        ["virtual timeout"] = new(Scope.Virtual, "timeout = 6", c => V(c).Timeout == 6),
        ["virtual reentry"] = new(Scope.Virtual, "reentry = 15", c => V(c).Reentry == 15),
        ["virtual quiesce_server"] = new(Scope.Virtual, "quiesce_server = 1", c => V(c).QuiesceServer),
        ["virtual client_monitor"] = new(Scope.Virtual, "client_monitor = /usr/sbin/nanny", c => V(c).ClientMonitor == "/usr/sbin/nanny"),
        ["virtual forwarding"] = new(Scope.Virtual, "# piranhanet: forwarding = tunnel", c => V(c).ForwardingMethod == NetworkType.Tunnel),
        ["virtual scheduler_flags"] = new(Scope.Virtual, "# piranhanet: scheduler_flags = sh-fallback,sh-port", c => V(c).SchedulerFlags == new EquatableArray<string>(["sh-fallback", "sh-port"])),
        ["virtual check"] = new(Scope.Virtual, "# piranhanet: check = http", c => V(c).HealthCheck.Kind == HealthCheckKind.Http),
        ["virtual check_timeout"] = new(Scope.Virtual, "# piranhanet: check_timeout = 3", c => V(c).HealthCheck.ResponseTimeout == 3),
        ["virtual check_fall"] = new(Scope.Virtual, "# piranhanet: check_fall = 2", c => V(c).HealthCheck.Fall == 2),
        ["virtual check_rise"] = new(Scope.Virtual, "# piranhanet: check_rise = 4", c => V(c).HealthCheck.Rise == 4),
        ["virtual check_dynamic_weight"] = new(Scope.Virtual, "# piranhanet: check_dynamic_weight = 1", c => V(c).HealthCheck.DynamicWeight),
        ["virtual http_path"] = new(Scope.Virtual, "# piranhanet: http_path = \"/healthz\"", c => V(c).HealthCheck.HttpPath == "/healthz"),
        ["virtual http_host"] = new(Scope.Virtual, "# piranhanet: http_host = www.example.test", c => V(c).HealthCheck.HttpHost == "www.example.test"),
        ["virtual http_status"] = new(Scope.Virtual, "# piranhanet: http_status = \"200-299,301\"", c => V(c).HealthCheck.HttpStatusCodes == "200-299,301"),
        ["virtual http_body_regex"] = new(Scope.Virtual, "# piranhanet: http_body_regex = \"\\\"status\\\": *\\\"up\\\"\"", c => V(c).HealthCheck.HttpBodyRegex == "\"status\": *\"up\""),
        ["virtual tls_verify"] = new(Scope.Virtual, "# piranhanet: tls_verify = 0", c => !V(c).HealthCheck.VerifyTls),

        ["server address"] = new(Scope.Server, "address = 10.0.1.2", c => S(c).Address == "10.0.1.2"),
        ["server active"] = new(Scope.Server, "active = 1", c => S(c).Active),
        ["server port"] = new(Scope.Server, "port = 8080", c => S(c).Port == 8080),
        ["server weight"] = new(Scope.Server, "weight = 65535", c => S(c).Weight == 65535),
        ["server uthreshold"] = new(Scope.Server, "# piranhanet: uthreshold = 500", c => S(c).UpperThreshold == 500),
        ["server lthreshold"] = new(Scope.Server, "# piranhanet: lthreshold = 400", c => S(c).LowerThreshold == 400),
        ["server maintenance"] = new(Scope.Server, "# piranhanet: maintenance = 1", c => S(c).Maintenance),
        ["server drain"] = new(Scope.Server, "# piranhanet: drain = 1", c => S(c).Drain && S(c).EffectiveWeight == 0),
        ["server notify_up"] = new(Scope.Server, "# piranhanet: notify_up = \"/usr/local/bin/up %r\"", c => S(c).NotifyUp == "/usr/local/bin/up %r"),
        ["server notify_down"] = new(Scope.Server, "# piranhanet: notify_down = \"/usr/local/bin/down %r\"", c => S(c).NotifyDown == "/usr/local/bin/down %r"),

        ["failover address"] = new(Scope.Failover, "address = 10.0.0.5 eth0:1", c => F(c).Address == "10.0.0.5" && F(c).Device == "eth0:1"),
        ["failover vip_nmask"] = new(Scope.Failover, "vip_nmask = 255.255.255.0", c => F(c).VipNetmask == "255.255.255.0"),
        ["failover active"] = new(Scope.Failover, "active = 1", c => F(c).Active),
        ["failover port"] = new(Scope.Failover, "port = ftp", c => F(c).Port == 21),
        ["failover timeout"] = new(Scope.Failover, "timeout = 4", c => F(c).Timeout == 4),
        ["failover reentry"] = new(Scope.Failover, "reentry = 30", c => F(c).Reentry == 30),
        ["failover send"] = new(Scope.Failover, "send = \"QUIT\\r\\n\"", c => F(c).HealthCheck.Send == "QUIT\r\n"),
        ["failover expect"] = new(Scope.Failover, "expect = \"220\"", c => F(c).HealthCheck.Expect == "220" && F(c).HealthCheck.Kind == HealthCheckKind.SendExpect),
        ["failover use_regex"] = new(Scope.Failover, "use_regex = 1", c => F(c).HealthCheck.UseRegex),
        ["failover send_program"] = new(Scope.Failover, "send_program = /bin/check-ftp", c => F(c).HealthCheck.SendProgram == "/bin/check-ftp"),
        ["failover start_cmd"] = new(Scope.Failover, "start_cmd = \"/etc/init.d/vsftpd start\"", c => F(c).StartCommand == "/etc/init.d/vsftpd start"),
        ["failover stop_cmd"] = new(Scope.Failover, "stop_cmd = \"/etc/init.d/vsftpd stop\"", c => F(c).StopCommand == "/etc/init.d/vsftpd stop"),
        ["failover check"] = new(Scope.Failover, "# piranhanet: check = https", c => F(c).HealthCheck.Kind == HealthCheckKind.Https),
        ["failover check_timeout"] = new(Scope.Failover, "# piranhanet: check_timeout = 2", c => F(c).HealthCheck.ResponseTimeout == 2),
        ["failover check_fall"] = new(Scope.Failover, "# piranhanet: check_fall = 3", c => F(c).HealthCheck.Fall == 3),
        ["failover check_dynamic_weight"] = new(Scope.Failover, "# piranhanet: check_dynamic_weight = 1", c => F(c).HealthCheck.DynamicWeight),
        ["failover check_rise"] = new(Scope.Failover, "# piranhanet: check_rise = 2", c => F(c).HealthCheck.Rise == 2),
        ["failover http_path"] = new(Scope.Failover, "# piranhanet: http_path = /ping", c => F(c).HealthCheck.HttpPath == "/ping"),
        ["failover http_host"] = new(Scope.Failover, "# piranhanet: http_host = ftp.example.test", c => F(c).HealthCheck.HttpHost == "ftp.example.test"),
        ["failover http_status"] = new(Scope.Failover, "# piranhanet: http_status = 204", c => F(c).HealthCheck.HttpStatusCodes == "204"),
        ["failover http_body_regex"] = new(Scope.Failover, "# piranhanet: http_body_regex = ^ok$", c => F(c).HealthCheck.HttpBodyRegex == "^ok$"),
        ["failover tls_verify"] = new(Scope.Failover, "# piranhanet: tls_verify = 0", c => !F(c).HealthCheck.VerifyTls),
    };

    public static TheoryData<string> Keys() => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Read_Key_SetsItsField(string name)
    {
        var @case = s_cases[name];
        var text = @case.Scope switch
        {
            Scope.Global => @case.Line + "\n",
            Scope.Virtual => $"virtual v {{\n     {@case.Line}\n}}\n",
            Scope.Server => $"virtual v {{\n     server s {{\n         {@case.Line}\n     }}\n}}\n",
            Scope.Director => $"# piranhanet: director lvs3 {{\n# piranhanet:      {@case.Line}\n# piranhanet: }}\n",
            Scope.Group => $"# piranhanet: group web {{\n# piranhanet:      {@case.Line}\n# piranhanet: }}\n",
            _ => $"service = fos\nfailover f {{\n     {@case.Line}\n}}\n",
        };

        var result = LvsConfigReader.TryRead(text);

        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.True(@case.Holds(result.Config!), $"'{@case.Line}' did not set its field");
    }

    [Fact]
    public void KeyTables_EveryKey_HasACase()
    {
        var tested = s_cases.Keys.ToHashSet();
        var all = GlobalKeys.All.Select(k => "global " + k.Name)
            .Concat(VirtualServerKeys.All.Select(k => "virtual " + k.Name))
            .Concat(RealServerKeys.All.Select(k => "server " + k.Name))
            .Concat(FailoverServiceKeys.All.Select(k => "failover " + k.Name))
            .Concat(ClusterKeys.Director.Select(k => "director " + k.Name))
            .Concat(ClusterKeys.Group.Select(k => "group " + k.Name));

        Assert.Equal([], all.Where(k => !tested.Contains(k)).ToList());
    }

    [Fact]
    public void Read_MissingKeys_UsesPiranhaDefaults()
    {
        var config = LvsConfigReader.Read("virtual web {\n server r1 {\n address = 10.0.0.2\n }\n address = 10.0.0.1\n}\n");

        var vs = config.VirtualServers[0];
        Assert.Equal(NetworkType.Nat, config.Global.Network);
        Assert.Equal(RemoteShell.Rsh, config.Global.RshCommand);
        Assert.Equal("NONE", config.Global.DebugLevel);
        Assert.True(config.Global.HardShutdown);
        Assert.Equal(539, config.Redundancy.HeartbeatPort);
        Assert.Equal(2, config.Redundancy.Keepalive);
        Assert.Equal(5, config.Redundancy.Deadtime);
        Assert.False(config.Redundancy.Heartbeat);
        Assert.Equal("eth0", config.Global.SyncDaemon.Interface);
        Assert.Equal((80, TransportProtocol.Tcp, "wlc", 10, 180, 0), (vs.Port, vs.Protocol, vs.Scheduler, vs.Timeout, vs.Reentry, vs.Persistent));
        Assert.Equal(HealthCheckKind.Connect, vs.HealthCheck.Kind);
        Assert.Equal((1, (int?)null), (vs.RealServers[0].Weight, vs.RealServers[0].Port));
    }
}
