using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Tests.Serialization;

/// <summary>Files that read fine but break a validation rule: the error lands on the line and column of the value.</summary>
public class LvsConfigCheckerTests
{
    private const string Direct = "network = direct\n";

    public static TheoryData<string, string> InvalidFiles() => new()
    {
        { Direct + "virtual web {\n address = 10.0.0.300\n}\n", "lvs.cf:3:12: virtualServers[web].address: '10.0.0.300' is not an IPv4 or IPv6 address" },
        { Direct + "virtual web {\n address = 10.1\n}\n", "lvs.cf:3:12: virtualServers[web].address: '10.1' is not an IPv4 or IPv6 address" },
        {
            Direct + "virtual web {\n address = 10.0.0.1\n vip_nmask = 255.0.255.0\n}\n",
            "lvs.cf:4:14: virtualServers[web].vipNetmask: bad subnet mask '255.0.255.0': expected a dotted mask with contiguous ones (e.g. 255.255.255.0) or a prefix length 0..32"
        },
        { Direct + "virtual web {\n address = 10.0.0.1\n port = 70000\n}\n", "lvs.cf:4:9: virtualServers[web].port: port 70000 is out of range 1..65535" },
        {
            Direct + "virtual web {\n address = 10.0.0.1\n server r1 {\n  address = 10.0.1.1\n  weight = 70000\n }\n}\n",
            "lvs.cf:6:12: virtualServers[web].realServers[r1].weight: weight 70000 is out of range 0..65535"
        },
        {
            Direct + "virtual web {\n address = 10.0.0.1\n server r1 {\n  address = 2001:db8::1\n }\n}\n",
            "lvs.cf:5:13: virtualServers[web].realServers[r1].address: real server address '2001:db8::1' is IPv6 but the virtual IP is IPv4"
        },
        {
            Direct + "virtual web {\n address = 10.0.0.1\n scheduler = wlc\n # piranhanet: scheduler_flags = sh-port\n}\n",
            "lvs.cf:5:34: virtualServers[web].schedulerFlags: scheduler flag 'sh-port' does not belong to scheduler 'wlc': it takes no flags"
        },
        {
            Direct + "virtual web {\n address = 10.0.0.1\n scheduler = wlcc\n}\n",
            "lvs.cf:4:14: virtualServers[web].scheduler: unknown scheduler 'wlcc': expected one of wlc, lc, rr, wrr, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh, twos"
        },
        {
            Direct + "virtual a {\n address = 10.0.0.1\n}\nvirtual b {\n address = 10.0.0.1\n}\n",
            "lvs.cf:6:12: virtualServers[b].address: 10.0.0.1:80/tcp is already used by virtual server 'a'"
        },
        {
            Direct + "virtual a {\n address = 10.0.0.1\n fwmark = 7\n}\nvirtual b {\n address = 10.0.0.2\n fwmark = 7\n}\n",
            "lvs.cf:8:11: virtualServers[b].firewallMark: firewall mark 7 is already used by virtual server 'a'"
        },
        {
            Direct + "virtual web {\n address = 10.0.0.1\n server r1 {\n  address = 10.0.1.1\n }\n server r2 {\n  address = 10.0.1.1\n }\n}\n",
            "lvs.cf:8:13: virtualServers[web].realServers[r2].address: real server 10.0.1.1:80 is already in virtual server 'web' as 'r1'"
        },
        {
            "network = nat\nvirtual web {\n address = 10.0.0.1\n}\n",
            "lvs.cf:1:1: global.natRouterAddress: NAT forwarding needs a NAT router address (the real servers' gateway)\n" +
            "lvs.cf:1:1: global.natRouterNetmask: NAT forwarding needs a NAT router netmask\n" +
            "lvs.cf:1:1: global.natRouterDevice: NAT forwarding needs a NAT router device, e.g. eth1:1"
        },
        { "service = lvs\nfailover ftp {\n address = 10.0.0.5\n}\n", "lvs.cf:1:11: service: service is lvs but failover services are defined: set service = fos" },
        {
            "backup_active = 1\nbackup = 10.0.0.9\nprimary = 10.0.0.9\nheartbeat = 1\n",
            "lvs.cf:2:10: redundancy.backup: backup address 10.0.0.9 is the primary's address"
        },
        { "keepalive = 5\ndeadtime = 3\n", "lvs.cf:2:12: redundancy.deadtime: dead time 3 s must be longer than the heartbeat interval 5 s" },
        { Direct + "virtual web {\n address = 10.0.0.1\n use_regex = 1\n expect = \"HTTP/1\\.[01\"\n}\n", "lvs.cf:5:11: virtualServers[web].healthCheck.expect: 'HTTP/1\\.[01' is not a valid regular expression: Invalid pattern 'HTTP/1\\.[01' at offset 11. Unterminated [] set." },
        { Direct + "virtual web {\n address = 10.0.0.1\n address = 10.0.0.2\n}\n", "lvs.cf:4:2: duplicate key 'address' in virtual server 'web' (first set at line 3)" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Check_InvalidFile_LocatesEveryProblem(string text, string expected)
    {
        var result = LvsConfigChecker.Check(text);

        Assert.Null(result.Config);
        Assert.Equal(expected, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Check_ValidFile_ReturnsConfigAndSummary()
    {
        var result = LvsConfigChecker.Check(Direct + "virtual web {\n address = 10.0.0.1\n server r1 {\n  address = 10.0.1.1\n }\n}\n");

        Assert.True(result.Success);
        Assert.Equal("lvs, direct, 1 virtual server, 1 real server", LvsConfigChecker.Summarize(result.Config!));
    }
}
