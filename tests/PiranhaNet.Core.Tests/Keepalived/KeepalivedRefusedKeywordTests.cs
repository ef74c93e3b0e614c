using PiranhaNet.Core.Keepalived;

namespace PiranhaNet.Core.Tests.Keepalived;

/// <summary>
/// Each keyword PiranhaNet does not carry, with its exact message and position: as not carried (its loss would
/// change behaviour: the file is refused unless allowed), as a warning (nothing PiranhaNet does changes), or as an
/// error (a value keepalived itself would refuse).
/// </summary>
public class KeepalivedRefusedKeywordTests
{
    [Theory]
    [InlineData("quorum 2", "", "", "", "k.conf:4:5: quorum is not carried: PiranhaNet has no real-server quorum")]
    [InlineData("ha_suspend", "", "", "", "k.conf:4:5: ha_suspend is not carried: PiranhaNet checks real servers on every director, active or not")]
    [InlineData("alpha", "", "", "", "k.conf:4:5: alpha is not carried: PiranhaNet starts real servers up and takes them out when a check fails")]
    [InlineData("protocol SCTP", "", "", "", "k.conf:4:14: protocol SCTP is not carried: PiranhaNet balances TCP and UDP")]
    [InlineData("sorry_server 192.0.2.99 8080", "", "", "", "k.conf:4:29: sorry_server port 8080 is not carried: PiranhaNet's sorry server listens on the virtual server's port (80)")]
    [InlineData("frobnicate 1", "", "", "", "k.conf:4:5: 'frobnicate' in virtual_server is not carried (PiranhaNet has no such setting)")]
    [InlineData("", "", "connect_port 8080", "", "k.conf:7:9: connect_port 8080 is not carried: PiranhaNet checks the port the real server serves (80)")]
    [InlineData("", "", "connect_ip 192.0.2.50", "", "k.conf:7:9: connect_ip 192.0.2.50 is not carried: PiranhaNet checks the real server's own address (192.0.2.21)")]
    [InlineData("", "", "bindto 192.0.2.5", "", "k.conf:8:13: bindto is not carried: PiranhaNet checks from the director's own address and port")]
    [InlineData("", "", "", "SMTP_CHECK", "k.conf:7:9: SMTP_CHECK is not carried: PiranhaNet has no SMTP check; a TCP_CHECK on the port, or a MISC_CHECK script, can stand in")]
    [InlineData("", "", "", "DNS_CHECK", "k.conf:7:9: DNS_CHECK is not carried: PiranhaNet has no DNS check; a MISC_CHECK script (e.g. dig) can stand in")]
    [InlineData("", "", "", "BFD_CHECK", "k.conf:7:9: BFD_CHECK is not carried: PiranhaNet has no BFD")]
    [InlineData("", "", "", "PING_CHECK", "k.conf:7:9: PING_CHECK is not carried: PiranhaNet has no ICMP check")]
    [InlineData("", "", "url {\n path /\n digest 9b3a0c85a887a256d6939da88aabd8cd\n }", "HTTP_GET", "k.conf:10:2: digest is not carried: PiranhaNet does not compare an MD5 of the page; a regex on the body can stand in")]
    public void Read_KeywordNotCarried_IsNamedWhereItStands(string vs, string rs, string check, string checker, string expected)
    {
        var refused = KeepalivedFarm.Read(vs, rs, check, checker.Length > 0 ? checker : "TCP_CHECK", allowUnsupported: false);
        var allowed = KeepalivedFarm.Read(vs, rs, check, checker.Length > 0 ? checker : "TCP_CHECK", allowUnsupported: true);

        Assert.Null(refused.Config);
        Assert.Contains(expected, refused.Unsupported.Select(e => e.ToString()));
        Assert.Contains(expected, refused.Blocking(allowUnsupported: false).Select(e => e.ToString()));
        Assert.True(allowed.Success, string.Join("\n", allowed.Errors));
        Assert.Empty(allowed.Blocking(allowUnsupported: true));
    }

    [Theory]
    [InlineData("smtp_alert", "", "", "k.conf:4:5: smtp_alert is not carried: PiranhaNet sends no mail; its events and failover history record what happened")]
    [InlineData("ip_family inet", "", "", "k.conf:4:5: ip_family is not carried: the family follows the addresses")]
    [InlineData("warmup 5", "", "", "k.conf:4:5: warmup is not carried: PiranhaNet starts checking at once (only the first check's moment differs)")]
    [InlineData("delay_loop 10", "", "retry 2\n delay_before_retry 3", "k.conf:7:9: delay_before_retry 3 is not carried: PiranhaNet checks again after delay_loop (10 s), so a failed server leaves after 3 failed checks 10 s apart")]
    [InlineData("", "", "", "k.conf:5:5: real server 192.0.2.21 has no checker: PiranhaNet checks it with a TCP connect (keepalived would never take it out)")]
    public void Read_KeywordIgnored_IsAWarningAndTheFileIsRead(string vs, string rs, string check, string expected)
    {
        var text = KeepalivedFarm.Text(vs, rs, check);
        if (expected.Contains("has no checker", StringComparison.Ordinal))
        {
            text = text.Replace("TCP_CHECK {", "").Replace("        }\n    }\n}", "    }\n}");
        }

        var result = KeepalivedConfigReader.Read(text, "k.conf");

        Assert.True(result.Success, string.Join("\n", result.Errors.Concat(result.Unsupported)));
        Assert.Contains(expected, result.Warnings.Select(w => w.ToString()));
    }

    [Theory]
    [InlineData("delay_loop soon", "", "", "k.conf:4:16: delay_loop 'soon' is not a time in seconds (e.g. 3 or 1.5)")]
    [InlineData("lb_kind FAST", "", "", "k.conf:4:13: lb_kind 'FAST' is not NAT, DR or TUN")]
    [InlineData("persistence_timeout -1", "", "", "k.conf:4:25: persistence_timeout '-1' is not a whole number from 0 to 31536000")]
    [InlineData("protocol ICMP", "", "", "k.conf:4:14: protocol 'ICMP' is not TCP, UDP or SCTP")]
    [InlineData("", "weight 70000", "", "k.conf:6:16: weight '70000' is not a whole number from 0 to 65535")]
    [InlineData("", "inhibit_on_failure maybe", "", "k.conf:6:28: inhibit_on_failure 'maybe' is not one of on, off, true, false, yes, no")]
    [InlineData("", "", "connect_timeout 1 2", "k.conf:8:13: connect_timeout takes one value, got 2")]
    [InlineData("", "", "connect_timeout -Infinity", "k.conf:8:29: connect_timeout '-Infinity' is not a time in seconds (e.g. 3 or 1.5)")]
    [InlineData("lb_algo fastest", "", "", "k.conf:4:5: virtualServers[vs_192.0.2.10_80].scheduler: unknown scheduler 'fastest': expected one of wlc, lc, rr, wrr, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh, twos")]
    [InlineData("", "uthreshold 10\n lthreshold 20", "", "k.conf:5:5: virtualServers[vs_192.0.2.10_80].realServers[rs_192.0.2.21_80].lowerThreshold: lower connection threshold 20 must be below the upper one (10)")]
    public void Read_BadValue_IsAnErrorNamingKeywordAndValue(string vs, string rs, string check, string expected)
    {
        var result = KeepalivedFarm.Read(vs, rs, check, allowUnsupported: true);

        Assert.Null(result.Config);
        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("vrrp_script chk_nginx {\n script \"pidof nginx\"\n}\n", "k.conf:1:1: vrrp_script is not carried: PiranhaNet fails over on a dead peer or a lost link, not on a script")]
    [InlineData("static_ipaddress {\n 10.0.0.1/24 dev eth1\n}\n", "k.conf:1:1: static_ipaddress is not carried: PiranhaNet does not manage a director's fixed addresses; keep them in its network configuration")]
    [InlineData("bogus_section {\n}\n", "k.conf:1:1: 'bogus_section' is not a keepalived.conf section PiranhaNet knows")]
    public void Read_TopLevelSectionNotCarried_IsNamed(string text, string expected)
    {
        var result = KeepalivedConfigReader.Read(text, "k.conf");

        Assert.Null(result.Config);
        Assert.Equal(expected, Assert.Single(result.Unsupported).ToString());
    }
}
