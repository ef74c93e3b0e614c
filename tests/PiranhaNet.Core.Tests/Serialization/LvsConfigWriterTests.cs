using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Tests.Serialization;

public class LvsConfigWriterTests
{
    [Fact]
    public void Write_TypicalCluster_MatchesPiranhaLayout()
    {
        var config = new LvsConfig
        {
            SerialNo = 76,
            Global = new GlobalSettingsConfig { Primary = "172.16.11.74", RshCommand = RemoteShell.Ssh, Network = NetworkType.Direct },
            Redundancy = new RedundancyConfig { Enabled = true, Backup = "172.16.11.75", Heartbeat = true, Keepalive = 6, Deadtime = 18 },
            VirtualServers =
            [
                new VirtualServerConfig
                {
                    Name = "web", Active = true, Address = "172.16.11.211", Device = "eth0:2", VipNetmask = "255.255.255.0",
                    HealthCheck = new HealthCheckConfig { Kind = HealthCheckKind.SendExpect, Send = "GET / HTTP/1.0\r\n\r\n", Expect = "HTTP" },
                    Timeout = 6, Reentry = 15,
                    RealServers = [new RealServerConfig { Name = "web1", Address = "172.16.11.76", Active = true }],
                },
            ],
        };

        var text = LvsConfigWriter.Write(config);

        Assert.Equal("""
            serial_no = 76
            primary = 172.16.11.74
            service = lvs
            rsh_command = ssh
            backup_active = 1
            backup = 172.16.11.75
            heartbeat = 1
            heartbeat_port = 539
            keepalive = 6
            deadtime = 18
            network = direct
            debug_level = NONE
            monitor_links = 0
            syncdaemon = 0
            virtual web {
                 active = 1
                 address = 172.16.11.211 eth0:2
                 vip_nmask = 255.255.255.0
                 port = 80
                 send = "GET / HTTP/1.0\r\n\r\n"
                 expect = "HTTP"
                 use_regex = 0
                 load_monitor = none
                 scheduler = wlc
                 protocol = tcp
                 timeout = 6
                 reentry = 15
                 quiesce_server = 0
                 server web1 {
                     address = 172.16.11.76
                     active = 1
                     weight = 1
                 }
            }

            """.Replace("\r\n", "\n"), text);
    }

    [Fact]
    public void Write_ExtensionSettings_UsesCommentLinesAfterPiranhaKeys()
    {
        var config = new LvsConfig
        {
            Redundancy = new RedundancyConfig { AutoFailback = false },
            VirtualServers =
            [
                new VirtualServerConfig
                {
                    Name = "api", Address = "10.0.0.10", Scheduler = "mh", SchedulerFlags = ["mh-port"],
                    HealthCheck = new HealthCheckConfig { Kind = HealthCheckKind.Https, HttpPath = "/healthz", HttpStatusCodes = "200", VerifyTls = false },
                },
            ],
        };

        var lines = LvsConfigWriter.Write(config).Split('\n');

        Assert.Contains("# piranhanet: auto_failback = 0", lines);
        Assert.Contains("     # piranhanet: scheduler_flags = mh-port", lines);
        Assert.Contains("     # piranhanet: check = https", lines);
        Assert.Contains("     # piranhanet: http_path = \"/healthz\"", lines);
        Assert.Contains("     # piranhanet: http_status = \"200\"", lines);
        Assert.Contains("     # piranhanet: tls_verify = 0", lines);
        Assert.True(Array.IndexOf(lines, "     quiesce_server = 0") < Array.IndexOf(lines, "     # piranhanet: scheduler_flags = mh-port"));
    }

    [Fact]
    public void Write_SendExpectWithoutExplicitKind_WritesNoCheckKey()
    {
        var config = new LvsConfig
        {
            VirtualServers = [new VirtualServerConfig { Name = "w", Address = "10.0.0.1", HealthCheck = new HealthCheckConfig { Kind = HealthCheckKind.SendExpect, Expect = "OK" } }],
        };

        Assert.DoesNotContain("check =", LvsConfigWriter.Write(config));
    }

    [Fact]
    public void Write_FailoverService_WritesFailoverBlockBeforeVirtualBlocks()
    {
        var config = new LvsConfig
        {
            Service = ServiceKind.Fos,
            FailoverServices =
            [
                new FailoverServiceConfig { Name = "ftp", Active = true, Address = "10.0.0.5", Device = "eth0:1", Port = 21, StartCommand = "/etc/init.d/vsftpd start", StopCommand = "/etc/init.d/vsftpd stop" },
            ],
        };

        var text = LvsConfigWriter.Write(config);

        Assert.Contains("""
            failover ftp {
                 address = 10.0.0.5 eth0:1
                 active = 1
                 port = 21
                 timeout = 10
                 reentry = 180
                 use_regex = 0
                 start_cmd = "/etc/init.d/vsftpd start"
                 stop_cmd = "/etc/init.d/vsftpd stop"
            }
            """.Replace("\r\n", "\n"), text);
    }
}
