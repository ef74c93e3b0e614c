using PiranhaNet.Core.Heartbeat;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Tests.Heartbeat;

/// <summary>A Heartbeat pair's /etc/ha.d into PiranhaNet's pair and failover services.</summary>
public class HeartbeatConfigReaderTests
{
    // A two-node web pair as Heartbeat's own documentation lays it out: web1 preferred, httpd behind 192.0.2.10.
    private const string HaCf = """
        # /etc/ha.d/ha.cf, the same on both nodes
        logfacility local0
        keepalive 500ms
        deadtime 5
        warntime 3
        udpport 694
        ucast eth0 192.0.2.1
        ucast eth0 192.0.2.2
        ucast eth1 10.9.0.1
        ucast eth1 10.9.0.2
        auto_failback off
        node web1
        node web2
        """;

    private const string HaResources = "web1 IPaddr::192.0.2.10/24/eth0 httpd\n";

    private const string AuthKeys = "auth 1\n1 sha1 NotThisSecret\n";

    [Fact]
    public void Read_WebPair_BecomesThePairAndAFailoverService()
    {
        var result = HeartbeatConfigReader.Read(HaCf, HaResources, AuthKeys, "/etc/ha.d");

        Assert.True(result.Success, string.Join("\n", result.Errors.Concat(result.Unsupported)));
        var config = result.Config!;
        Assert.Equal(ServiceKind.Fos, config.Service);
        Assert.Equal(("192.0.2.1", "10.9.0.1"), (config.Global.Primary, config.Global.PrimaryPrivate));
        Assert.Equal(new RedundancyConfig
        {
            Enabled = true, Heartbeat = true, Backup = "192.0.2.2", BackupPrivate = "10.9.0.2", HeartbeatPort = 694,
            Keepalive = 0.5, Deadtime = 5, AutoFailback = false,
        }, config.Redundancy);
        var httpd = Assert.Single(config.FailoverServices);
        Assert.Equal(("httpd", "192.0.2.10", "eth0", "255.255.255.0"), (httpd.Name, httpd.Address, httpd.Device, httpd.VipNetmask));
        Assert.Equal(("/etc/init.d/httpd start", "/etc/init.d/httpd stop"), (httpd.StartCommand, httpd.StopCommand));
        Assert.Equal((HealthCheckKind.Program, "/etc/init.d/httpd status"), (httpd.HealthCheck.Kind, httpd.HealthCheck.SendProgram));
        // It is an lvs.cf like any other: Piranha's FAILOVER page could hold it.
        Assert.Equal(config, PiranhaNet.Core.Serialization.LvsConfigChecker.Check(PiranhaNet.Core.Serialization.LvsConfigWriter.Write(config)).Config);
    }

    [Fact]
    public void Read_WebPair_NamesWhatIsNotCarriedAndNeverRepeatsTheKey()
    {
        var result = HeartbeatConfigReader.Read(HaCf, HaResources, AuthKeys, "/etc/ha.d");

        var warnings = result.Warnings.Select(w => w.ToString()).ToList();
        Assert.Contains("/etc/ha.d/ha.cf:2:1: logfacility is not carried: the agent logs to the journal", warnings);
        Assert.Contains("/etc/ha.d/ha.cf:5:1: warntime is not carried: a pair's heartbeat does not warn of late heartbeats; the dead time decides (a cluster with failover groups does)", warnings);
        Assert.Contains("/etc/ha.d/authkeys:2:1: authkeys' sha1 key is not carried: it is weaker than PiranhaNet's HMAC-SHA256 key; generate one on the Redundancy page", warnings);
        Assert.Contains("/etc/ha.d/ha.cf:7:1: node web1 is taken to be 192.0.2.1 and web2 192.0.2.2, in the order of the node and ucast lines (ha.cf does not pair names with addresses)", warnings);
        Assert.DoesNotContain(result.Errors.Concat(result.Unsupported).Concat(result.Warnings), e => e.Message.Contains("NotThisSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_PreferredNodeSecond_MakesItThePrimary()
    {
        var result = HeartbeatConfigReader.Read(HaCf, "web2 192.0.2.10/24/eth0 httpd\n", null);

        Assert.Equal(("192.0.2.2", "192.0.2.1"), (result.Config!.Global.Primary, result.Config.Redundancy.Backup));
    }

    [Fact]
    public void Read_GroupsPreferringEachNode_BecomeADualActiveCluster_WithWarntimeAndInitdead()
    {
        var haResources = "web1 192.0.2.10/24/eth0 httpd\nweb2 192.0.2.11/24/eth0 mysqld\n";

        var result = HeartbeatConfigReader.Read(HaCf + "\ninitdead 60\n", haResources, null, "/etc/ha.d");

        Assert.True(result.Success, string.Join("\n", result.Errors.Concat(result.Unsupported)));
        var redundancy = result.Config!.Redundancy;
        Assert.Equal(("web1", "web2", 3.0, 60.0), (redundancy.PrimaryName, redundancy.BackupName, redundancy.WarnTime, redundancy.InitDead));
        Assert.Equal(["web1: web1:100,web2:50 failback False", "web2: web2:100,web1:50 failback False"],
            redundancy.Groups.Select(g => $"{g.Name}: {string.Join(",", g.Members.Select(m => $"{m.Director}:{m.Priority}"))} failback {g.Failback}"));
        Assert.Equal(["httpd in web1", "mysqld in web2"], result.Config.FailoverServices.Select(f => $"{f.Name} in {f.Group}"));
        Assert.DoesNotContain(result.Warnings, w => w.Message.StartsWith("warntime", StringComparison.Ordinal));
        // Written with its groups on piranhanet lines, it reads back the same.
        Assert.Equal(result.Config, PiranhaNet.Core.Serialization.LvsConfigChecker.Check(PiranhaNet.Core.Serialization.LvsConfigWriter.Write(result.Config)).Config);
    }

    [Theory]
    [InlineData("initdead 120\n", "", "/etc/ha.d/ha.cf:14:1: initdead is not carried: a pair gives a starting director no longer grace than the dead time (a cluster with failover groups does)")]
    [InlineData("crm yes\n", "", "/etc/ha.d/ha.cf:14:1: crm is not carried: PiranhaNet is not a cluster resource manager: its failover services are what haresources starts")]
    [InlineData("ping 192.0.2.254\n", "", "/etc/ha.d/ha.cf:14:1: ping is not carried: PiranhaNet fails over on a dead peer or a lost link, not on unreachable ping nodes")]
    [InlineData("", " mysql", "/etc/ha.d/haresources:1:39: resource mysql is not carried: a failover service runs one start command (a script that starts the whole group can stand in)")]
    [InlineData("", " 192.0.2.11", "/etc/ha.d/haresources:1:39: address 192.0.2.11 is not carried: a failover service has one address")]
    public void Read_SettingNotCarried_IsNamedAndStopsTheImportUnlessAllowed(string haCfLine, string haResourcesWords, string expected)
    {
        var haCf = HaCf + "\n" + haCfLine;
        var haResources = HaResources.TrimEnd('\n') + haResourcesWords + "\n";

        var refused = HeartbeatConfigReader.Read(haCf, haResources, null, "/etc/ha.d");
        var allowed = HeartbeatConfigReader.Read(haCf, haResources, null, "/etc/ha.d", allowUnsupported: true);

        Assert.Null(refused.Config);
        Assert.Equal(expected, Assert.Single(refused.Unsupported).ToString());
        Assert.True(allowed.Success, string.Join("\n", allowed.Errors));
    }

    [Fact]
    public void Read_FilesystemResourceWithArguments_RunsHeartbeatsResourceScript()
    {
        var result = HeartbeatConfigReader.Read(HaCf, "web1 192.0.2.10 Filesystem::/dev/drbd0::/srv::ext4\n", null);

        var service = Assert.Single(result.Config!.FailoverServices);
        Assert.Equal("/etc/ha.d/resource.d/Filesystem /dev/drbd0 /srv ext4 start", service.StartCommand);
    }

    [Theory]
    [InlineData("keepalive soon\n", "/etc/ha.d/ha.cf:14:1: keepalive takes a time such as 2, 1.5 or 500ms")]
    [InlineData("udpport 70000\n", "/etc/ha.d/ha.cf:14:1: udpport takes one port from 1 to 65535")]
    [InlineData("auto_failback maybe\n", "/etc/ha.d/ha.cf:14:1: auto_failback takes on, off or legacy")]
    public void Read_BadValue_IsAnError(string line, string expected)
    {
        var result = HeartbeatConfigReader.Read(HaCf + "\n" + line, HaResources, null, "/etc/ha.d");

        Assert.Null(result.Config);
        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_ContinuedLineAndComments_AreOneGroup()
    {
        var result = HeartbeatConfigReader.Read(HaCf, "# the web service\nweb1 \\\n  192.0.2.10/24/eth0 \\\n  httpd   # apache\n", null);

        Assert.Equal("httpd", Assert.Single(result.Config!.FailoverServices).Name);
    }

    [Fact]
    public void Read_TwoGroupsOfOneResource_AreTwoServices()
    {
        var result = HeartbeatConfigReader.Read(HaCf, "web1 192.0.2.10 drbddisk::r0\nweb1 192.0.2.11 drbddisk::r1\n", null, "/etc/ha.d");

        Assert.Equal(["drbddisk", "drbddisk_2"], result.Config!.FailoverServices.Select(f => f.Name));
    }

    [Fact]
    public void Read_ServiceTheModelRefuses_IsReportedAtItsGroupsLine()
    {
        var result = HeartbeatConfigReader.Read(HaCf, "web1 192.0.2.10 httpd\nweb1 192.0.2.11/24/eth\"1 mysql\n", null, "/etc/ha.d");

        Assert.Null(result.Config);
        Assert.StartsWith("/etc/ha.d/haresources:2:1: failoverServices[mysql]", Assert.Single(result.Errors).ToString());
    }
}
