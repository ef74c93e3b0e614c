using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Keepalived;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Tests.Keepalived;

/// <summary>vrrp_instance into PiranhaNet's pair, read from the hand-written samples.</summary>
public class KeepalivedVrrpTests
{
    private static LvsConfig ReadSample(string name, out ImportReadResult result)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Keepalived", "Samples", name);
        result = KeepalivedConfigReader.Read(File.ReadAllText(path), path, KeepalivedFileSystem.Instance, allowUnsupported: true);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return result.Config!;
    }

    [Fact]
    public void Read_MasterWithUnicastPeer_BecomesThePrimaryWithVrrpTiming()
    {
        var config = ReadSample("dr-web-farm.conf", out _);

        Assert.Equal("192.0.2.1", config.Global.Primary);
        // Three adverts of 1 s plus the skew of priority 150: (256 - 150) / 256 s.
        Assert.Equal(new RedundancyConfig { Enabled = true, Heartbeat = true, Backup = "192.0.2.2", Keepalive = 1, Deadtime = 3.414, AutoFailback = true, MonitorLinks = true },
            config.Redundancy);
        Assert.All(config.VirtualServers, vs => Assert.Equal(("eth0:1", "255.255.255.0"), (vs.Device, vs.VipNetmask)));
    }

    [Fact]
    public void Read_BackupState_MakesThePeerThePrimary()
    {
        var config = ReadSample("fwmark.conf", out _);

        Assert.Equal(("192.0.2.1", "192.0.2.2"), (config.Global.Primary, config.Redundancy.Backup));
        Assert.Equal(("192.0.2.20", "eth0:2"), (config.VirtualServers[0].Address, config.VirtualServers[0].Device));
    }

    [Fact]
    public void Read_NoPreempt_TurnsAutoFailbackOffAndCarriesTrackingAndNotifyScripts()
    {
        var config = ReadSample("mysql-nopreempt.conf", out var result);

        Assert.False(config.Redundancy.AutoFailback);
        Assert.True(config.Redundancy.MonitorLinks);
        Assert.Equal(0.5, config.Redundancy.Keepalive);
        Assert.Equal(("/etc/keepalived/to-master.sh", "/etc/keepalived/to-backup.sh"), (config.Global.ActiveCommand, config.Global.InactiveCommand));
        Assert.True(config.VirtualServers[0].QuiesceServer);
        Assert.Contains(result.Warnings, w => w.Message.StartsWith("vrrp_instance DB is BACKUP with nopreempt", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NatFarm_TheInsideAddressBecomesTheNatRouter()
    {
        var config = ReadSample("nat-farm.conf", out _);

        Assert.Equal(NetworkType.Nat, config.Global.Network);
        Assert.Equal(("10.0.0.254", "eth1:1", "255.255.255.0"), (config.Global.NatRouterAddress, config.Global.NatRouterDevice, config.Global.NatRouterNetmask));
        Assert.Equal("eth0", config.VirtualServers[0].Device);
    }

    [Fact]
    public void Read_IPv6_KeepsThePrefixLength()
    {
        var config = ReadSample("ipv6.conf", out _);

        Assert.Equal(("2001:db8::10", "eth0", "64"), (config.VirtualServers[0].Address, config.VirtualServers[0].Device, config.VirtualServers[0].VipNetmask));
    }

    [Fact]
    public void Read_ScriptNamingItsServer_BecomesOneCheckWithThePlaceholder()
    {
        var config = ReadSample("udp-dns.conf", out _);

        Assert.Equal("/usr/bin/dig +time=1 +tries=1 @%h example.org", config.VirtualServers[0].HealthCheck.SendProgram);
    }

    [Fact]
    public void Read_MulticastPair_IsNotCarriedAndSaysWhatIsMissing()
    {
        var result = KeepalivedConfigReader.Read("vrrp_instance VI_1 {\n state MASTER\n interface eth0\n}\n", "k.conf");

        Assert.Equal("k.conf:1:1: vrrp_instance VI_1 does not name both directors (unicast_src_ip and one unicast_peer): PiranhaNet heartbeats between two known addresses; add them, or set primary and backup after import",
            Assert.Single(result.Unsupported).ToString());
    }

    [Fact]
    public void Read_DualActive_BecomesAGroupPerInstance_EachVirtualServerInItsInstancesGroup()
    {
        const string text = """
            vrrp_instance WEB {
                state MASTER
                interface eth0
                priority 150
                unicast_src_ip 192.0.2.1
                unicast_peer {
                    192.0.2.2
                }
                virtual_ipaddress {
                    192.0.2.10/24 dev eth0 label eth0:1
                }
            }
            vrrp_instance MAIL {
                state BACKUP
                interface eth0
                priority 100
                nopreempt
                unicast_src_ip 192.0.2.1
                unicast_peer {
                    192.0.2.2
                }
                virtual_ipaddress {
                    192.0.2.11/24 dev eth0 label eth0:2
                }
            }
            virtual_server 192.0.2.10 80 {
                lb_kind DR
                real_server 192.0.2.21 80 {
                }
            }
            virtual_server 192.0.2.11 25 {
                lb_kind DR
                real_server 192.0.2.22 25 {
                }
            }
            """;

        var result = KeepalivedConfigReader.Read(text, "k.conf");

        Assert.True(result.Success, string.Join("\n", result.Errors.Concat(result.Unsupported)));
        var config = result.Config!;
        Assert.Equal(("192.0.2.1", "192.0.2.2"), (config.Global.Primary, config.Redundancy.Backup));
        Assert.Equal(["WEB: primary:100,backup:50 failback True", "MAIL: backup:100,primary:50 failback False"],
            config.Redundancy.Groups.Select(g => $"{g.Name}: {string.Join(",", g.Members.Select(m => $"{m.Director}:{m.Priority}"))} failback {g.Failback}"));
        Assert.Equal(["192.0.2.10 in WEB", "192.0.2.11 in MAIL"], config.VirtualServers.Select(v => $"{v.Address} in {v.Group}"));
        Assert.Equal(config, PiranhaNet.Core.Serialization.LvsConfigChecker.Check(PiranhaNet.Core.Serialization.LvsConfigWriter.Write(config)).Config);
    }

    [Fact]
    public void Read_AuthPass_IsNeitherCarriedNorRepeated()
    {
        var result = KeepalivedConfigReader.Read("vrrp_instance A {\n authentication {\n auth_type PASS\n auth_pass TopSecret1\n }\n}\n", "k.conf");

        Assert.DoesNotContain(result.Errors.Concat(result.Unsupported).Concat(result.Warnings), e => e.Message.Contains("TopSecret1", StringComparison.Ordinal));
    }
}
