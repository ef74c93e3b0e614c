using PiranhaNet.Core.Keepalived;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Tests.Keepalived;

/// <summary>Each keyword PiranhaNet carries, and where it lands in the model.</summary>
public class KeepalivedKeywordTests
{
    public static TheoryData<string, string, string, Func<VirtualServerConfig, object?>, object?> Carried => new()
    {
        { "delay_loop 6", "", "", vs => vs.Timeout, 6 },
        { "delay_loop 2.5", "", "", vs => vs.Timeout, 3 },
        { "lb_algo wrr", "", "", vs => vs.Scheduler, "wrr" },
        { "lvs_sched sh", "", "", vs => vs.Scheduler, "sh" },
        { "persistence_timeout 300", "", "", vs => vs.Persistent, 300 },
        { "persistence_granularity 255.255.255.0", "", "", vs => vs.PersistenceNetmask, "255.255.255.0" },
        { "protocol UDP", "", "", vs => vs.Protocol, TransportProtocol.Udp },
        { "sorry_server 192.0.2.99 80", "", "", vs => vs.SorryServer, "192.0.2.99" },
        { "lb_algo sh\n    sh-port", "", "", vs => string.Join(",", vs.SchedulerFlags), "sh-port" },
        { "", "weight 5", "", vs => vs.RealServers[0].Weight, 5 },
        { "", "inhibit_on_failure", "", vs => vs.QuiesceServer, true },
        { "", "inhibit_on_failure off", "", vs => vs.QuiesceServer, false },
        { "", "uthreshold 100", "", vs => vs.RealServers[0].UpperThreshold, 100 },
        { "", "lthreshold 50", "", vs => vs.RealServers[0].LowerThreshold, 50 },
        { "", "notify_up \"/usr/local/bin/up %r\"", "", vs => vs.RealServers[0].NotifyUp, "/usr/local/bin/up %r" },
        { "", "notify_down /usr/local/bin/down", "", vs => vs.RealServers[0].NotifyDown, "/usr/local/bin/down" },
        { "", "", "connect_timeout 3", vs => vs.HealthCheck.ResponseTimeout, 3 },
        { "", "", "connect_timeout 2.5", vs => vs.HealthCheck.ResponseTimeout, 3 },
        { "", "", "retry 3", vs => vs.HealthCheck.Fall, 4 },
        { "", "", "nb_get_retry 0", vs => vs.HealthCheck.Fall, 1 },
        { "retry 2", "", "", vs => vs.HealthCheck.Fall, 3 },
        { "connect_timeout 7", "", "", vs => vs.HealthCheck.ResponseTimeout, 7 },
        { "", "", "connect_port 80", vs => vs.HealthCheck.Kind, HealthCheckKind.Connect },
        { "", "", "connect_ip 192.0.2.21", vs => vs.HealthCheck.Kind, HealthCheckKind.Connect },
    };

    [Theory]
    [MemberData(nameof(Carried))]
    public void Read_CarriedKeyword_LandsInTheModel(string vs, string rs, string check, Func<VirtualServerConfig, object?> field, object? expected)
    {
        var result = KeepalivedFarm.Read(vs, rs, check, allowUnsupported: false);

        Assert.True(result.Success, string.Join("\n", result.Errors.Concat(result.Unsupported)));
        Assert.Empty(result.Unsupported);
        Assert.Equal(expected, field(result.Config!.VirtualServers[0]));
    }

    [Fact]
    public void Read_Defaults_AreKeepalivedsOwn()
    {
        var result = KeepalivedConfigReader.Read("virtual_server 192.0.2.10 80 {\n lb_kind DR\n real_server 192.0.2.21 80 {\n TCP_CHECK {\n }\n }\n}\n", "k.conf");

        var vs = Assert.Single(result.Config!.VirtualServers);
        Assert.Equal(("vs_192.0.2.10_80_udp", 60, 0, "wlc"), (vs.Name, vs.Timeout, vs.Reentry, vs.Scheduler));
        Assert.Equal((HealthCheckKind.Connect, 5, 2, 1), (vs.HealthCheck.Kind, vs.HealthCheck.ResponseTimeout, vs.HealthCheck.Fall, vs.HealthCheck.Rise));
        Assert.Equal(new RealServerConfig { Name = "rs_192.0.2.21_80", Address = "192.0.2.21", Active = true }, Assert.Single(vs.RealServers));
        Assert.Equal(NetworkType.Direct, result.Config.Global.Network);
        Assert.Null(vs.ForwardingMethod);
        // As keepalived 2.2 itself: "no protocol set - defaulting to UDP".
        Assert.Equal(TransportProtocol.Udp, vs.Protocol);
        Assert.Contains("k.conf:1:1: protocol is not set: keepalived then balances UDP, and so does PiranhaNet; write 'protocol TCP' if TCP was meant",
            result.Warnings.Select(w => w.ToString()));
    }

    [Theory]
    [InlineData("HTTP_GET", "url {\n path /health\n status_code 200 301\n regex \"ok\"\n virtualhost www.example.com\n }", HealthCheckKind.Http, "/health", "200,301", "ok", "www.example.com")]
    [InlineData("HTTP_GET", "url {\n path /\n }", HealthCheckKind.Http, "/", "200-299", null, null)]
    [InlineData("SSL_GET", "url {\n path /status\n status_code 200-299\n }", HealthCheckKind.Https, "/status", "200-299", null, null)]
    public void Read_HttpCheckers_CarryTheUrl(string checker, string check, HealthCheckKind kind, string path, string codes, string? regex, string? host)
    {
        var result = KeepalivedFarm.Read(check: check, checker: checker, allowUnsupported: false);

        Assert.True(result.Success, string.Join("\n", result.Errors.Concat(result.Unsupported)));
        var health = result.Config!.VirtualServers[0].HealthCheck;
        // keepalived's SSL_GET does not verify certificates; HTTP has none to verify.
        Assert.Equal((kind, path, codes, regex, host, kind != HealthCheckKind.Https), (health.Kind, health.HttpPath, health.HttpStatusCodes, health.HttpBodyRegex, health.HttpHost, health.VerifyTls));
    }

    [Fact]
    public void Read_MiscCheck_RunsTheProgramWithItsTimeout()
    {
        var result = KeepalivedFarm.Read(check: "misc_path \"/usr/local/bin/check web1\"\n misc_timeout 9", checker: "MISC_CHECK", allowUnsupported: false);

        var health = result.Config!.VirtualServers[0].HealthCheck;
        Assert.Equal((HealthCheckKind.Program, "/usr/local/bin/check web1", 9), (health.Kind, health.SendProgram, health.ResponseTimeout));
        Assert.Contains(result.Warnings, w => w.Message == "MISC_CHECK: PiranhaNet counts any exit code but 0 as down (keepalived counts 2-255 as up)");
    }

    [Fact]
    public void Read_UnquotedCommandWords_AreOneCommandAndMiscCheckRetriesNone()
    {
        var result = KeepalivedFarm.Read(rs: "notify_down /usr/local/bin/alert down web", check: "misc_path /usr/local/bin/check --port 80", checker: "MISC_CHECK", allowUnsupported: false);

        var vs = result.Config!.VirtualServers[0];
        Assert.Equal(("/usr/local/bin/alert down web", "/usr/local/bin/check --port 80"), (vs.RealServers[0].NotifyDown, vs.HealthCheck.SendProgram));
        // keepalived's MISC_CHECK retries 0 times by default.
        Assert.Equal(1, vs.HealthCheck.Fall);
    }

    [Fact]
    public void Read_MiscDynamic_SetsWeightsFromTheExitCode()
    {
        var result = KeepalivedFarm.Read(check: "misc_path /usr/local/bin/load\n misc_dynamic", checker: "MISC_CHECK", allowUnsupported: false);

        Assert.True(result.Config!.VirtualServers[0].HealthCheck.DynamicWeight);
        Assert.DoesNotContain(result.Warnings, w => w.Message.StartsWith("MISC_CHECK:", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_GlobalDefs_CarriesTimeoutsAndTheSyncDaemon()
    {
        var result = KeepalivedConfigReader.Read("global_defs {\n lvs_timeouts tcp 900 tcpfin 120 udp 300\n lvs_sync_daemon eth1 VI_1 id 7\n}\n", "k.conf");

        var global = result.Config!.Global;
        Assert.Equal(new ConnectionTimeoutsConfig { Tcp = 900, TcpFin = 120, Udp = 300 }, global.ConnectionTimeouts);
        Assert.Equal(new SyncDaemonConfig { Enabled = true, Interface = "eth1", Id = 7 }, global.SyncDaemon);
    }

    [Fact]
    public void Read_VirtualServerGroup_GivesOneServerPerMemberWithTheSameRealServers()
    {
        var text = "virtual_server_group web {\n 192.0.2.10-12 80\n 192.0.2.20 443\n fwmark 5\n}\n" + KeepalivedFarm.Text().Replace("virtual_server 192.0.2.10 80", "virtual_server group web")
            + "vrrp_instance VI_1 {\n virtual_ipaddress {\n 192.0.2.10\n 192.0.2.30/24 dev eth0\n }\n}\n";

        var result = KeepalivedConfigReader.Read(text, "k.conf", allowUnsupported: true);

        Assert.True(result.Success, string.Join("\n", result.Errors.Concat(result.Unsupported)));
        Assert.Equal(["web_192.0.2.10_80", "web_192.0.2.11_80", "web_192.0.2.12_80", "web_192.0.2.20_443", "web_fwmark5"],
            result.Config!.VirtualServers.Select(v => v.Name));
        Assert.All(result.Config.VirtualServers, vs => Assert.Equal("192.0.2.21", Assert.Single(vs.RealServers).Address));
        // The mark's address is the virtual address no other virtual server has.
        Assert.Equal((5u, "192.0.2.30", "eth0", "255.255.255.0"), (result.Config.VirtualServers[^1].FirewallMark!.Value,
            result.Config.VirtualServers[^1].Address, result.Config.VirtualServers[^1].Device, result.Config.VirtualServers[^1].VipNetmask));
    }
}
