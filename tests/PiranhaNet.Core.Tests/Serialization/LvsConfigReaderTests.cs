using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Tests.Serialization;

public class LvsConfigReaderTests
{
    // The layout Piranha's GUI writes (5 and 9 spaces, quoted send/expect/send_program), as found in operators' files.
    private const string PiranhaGuiFile = """
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
        syncdaemon = 1
        syncd_iface = eth0
        syncd_id = 0
        tcp_timeout = 10
        tcpfin_timeout = 10
        udp_timeout = 10
        virtual sipserver {
             active = 1
             address = 172.16.11.211 eth0:2
             vip_nmask = 0.0.0.0
             fwmark = 3
             port = 5060
             persistent = 400
             expect = "OK"
             use_regex = 0
             send_program = "/usr/local/bin/test-sip-server.sh %h"
             load_monitor = none
             scheduler = wlc
             protocol = udp
             timeout = 6
             reentry = 15
             quiesce_server = 0
             server SIP-Server-01 {
                 address = 172.16.11.76
                 active = 1
                 weight = 1
             }
        }

        """;

    [Fact]
    public void Read_PiranhaGuiFile_ReadsEveryValue()
    {
        var config = LvsConfigReader.Read(PiranhaGuiFile);

        Assert.Equal(76, config.SerialNo);
        Assert.Equal(NetworkType.Direct, config.Global.Network);
        Assert.Equal(new SyncDaemonConfig { Enabled = true, Interface = "eth0", Id = 0 }, config.Global.SyncDaemon);
        Assert.Equal(new ConnectionTimeoutsConfig { Tcp = 10, TcpFin = 10, Udp = 10 }, config.Global.ConnectionTimeouts);
        Assert.Equal(new RedundancyConfig { Enabled = true, Backup = "172.16.11.75", Heartbeat = true, Keepalive = 6, Deadtime = 18 }, config.Redundancy);
        var vs = Assert.Single(config.VirtualServers);
        Assert.Equal(("sipserver", "172.16.11.211", "eth0:2", 3u, 5060, TransportProtocol.Udp), (vs.Name, vs.Address, vs.Device, vs.FirewallMark!.Value, vs.Port, vs.Protocol));
        Assert.Equal(new HealthCheckConfig { Kind = HealthCheckKind.Program, Expect = "OK", SendProgram = "/usr/local/bin/test-sip-server.sh %h" }, vs.HealthCheck);
        Assert.Equal(new RealServerConfig { Name = "SIP-Server-01", Address = "172.16.11.76", Active = true, Weight = 1 }, Assert.Single(vs.RealServers));
    }

    [Fact]
    public void Check_PiranhaGuiFile_IsValid()
    {
        Assert.True(LvsConfigChecker.Check(PiranhaGuiFile).Success, string.Join("\n", LvsConfigChecker.Check(PiranhaGuiFile).Errors));
    }

    [Theory]
    [InlineData("port=81")]
    [InlineData("port =81")]
    [InlineData("port= 81")]
    [InlineData("\tport\t=\t81\t")]
    [InlineData("port = 81 # inline comment")]
    [InlineData("port = \"81\"")]
    [InlineData("port = '81'")]
    public void Read_SpacingAndQuotingVariants_ReadTheSameValue(string line)
    {
        var config = LvsConfigReader.Read($"virtual web {{\n{line}\n}}\n");

        Assert.Equal(81, config.VirtualServers[0].Port);
    }

    [Fact]
    public void Read_CrLfLineEndingsAndBlankLines_AreAccepted()
    {
        var config = LvsConfigReader.Read("# comment\r\n\r\nserial_no = 3\r\n   # indented comment\r\nvirtual web{\r\n port = 81\r\n}\r\n");

        Assert.Equal((3, 81), (config.SerialNo, config.VirtualServers[0].Port));
    }

    [Fact]
    public void Read_QuotedEscapes_AreDecoded()
    {
        var config = LvsConfigReader.Read("virtual web {\n send = \"a\\tb\\\\c\\\"d\\x41\\n\"\n expect = \"HTTP/1\\.[01] 200\"\n}\n");

        Assert.Equal("a\tb\\c\"dA\n", config.VirtualServers[0].HealthCheck.Send);
        Assert.Equal(@"HTTP/1\.[01] 200", config.VirtualServers[0].HealthCheck.Expect);
    }

    [Fact]
    public void Read_HashInsideQuotes_IsNotAComment()
    {
        var config = LvsConfigReader.Read("virtual web {\n expect = \"# ok\"\n}\n");

        Assert.Equal("# ok", config.VirtualServers[0].HealthCheck.Expect);
    }

    [Fact]
    public void Read_FailoverBlocks_ReadsFailoverServices()
    {
        var config = LvsConfigReader.Read("""
            service = fos
            failover ftp {
                 address = 10.0.0.5 eth0:1
                 active = 1
                 port = 21
                 send = "QUIT\r\n"
                 expect = "220"
                 start_cmd = "/etc/init.d/vsftpd start"
                 stop_cmd = "/etc/init.d/vsftpd stop"
            }
            """);

        var fos = Assert.Single(config.FailoverServices);
        Assert.Equal(("ftp", "10.0.0.5", "eth0:1", 21, "/etc/init.d/vsftpd start"), (fos.Name, fos.Address, fos.Device, fos.Port, fos.StartCommand));
        Assert.Equal(HealthCheckKind.SendExpect, fos.HealthCheck.Kind);
    }

    [Fact]
    public void TryRead_ValidFile_MapsFieldsToPositions()
    {
        var result = LvsConfigReader.TryRead("virtual web {\n     server r1 {\n         weight = 5\n     }\n}\n");

        Assert.Equal(new SourcePosition(3, 19), result.SourceMap.Find("virtualServers[web].realServers[r1].weight"));
        Assert.Equal(new SourcePosition(2, 13), result.SourceMap.Find("virtualServers[web].realServers[r1].address"));
        Assert.Equal(new SourcePosition(1, 9), result.SourceMap.Find("virtualServers[web].scheduler"));
        Assert.Null(result.SourceMap.Find("global.primary"));
    }
}
