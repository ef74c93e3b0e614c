using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Tests.Serialization;

/// <summary>Hand-written malformed files with the exact errors an operator sees (syntax and type errors).</summary>
public class LvsConfigReaderErrorTests
{
    public static TheoryData<string, string> MalformedFiles() => new()
    {
        { "port 80\n", "lvs.cf:1:6: equal (=) expected after 'port'" },
        { "serial_no\n", "lvs.cf:1:10: equal (=) expected after 'serial_no'" },
        { "serial_no =\n", "lvs.cf:1:12: missing value after 'serial_no ='" },
        { "serial_no = abc\n", "lvs.cf:1:13: integer expected for 'serial_no', not 'abc'" },
        { "serial_no = 99999999999\n", "lvs.cf:1:13: integer 99999999999 for 'serial_no' is too large (at most 2147483647)" },
        { "serial_no = 1.5\n", "lvs.cf:1:13: integer expected for 'serial_no', not '1.5'" },
        { "backup_active = yes\n", "lvs.cf:1:17: boolean expected for 'backup_active': use 0 or 1, not 'yes'" },
        { "network = natt\n", "lvs.cf:1:11: 'network' must be one of nat, direct, tunnel, not 'natt'" },
        { "rsh_command = telnet\n", "lvs.cf:1:15: 'rsh_command' must be one of rsh, ssh, not 'telnet'" },
        { "service = lvs fos\n", "lvs.cf:1:15: unexpected 'fos' after the value of 'service'; quote values that contain spaces" },
        { "primry = 10.0.0.1\n", "lvs.cf:1:1: unknown key 'primry' in the global section; did you mean 'primary'?" },
        { "heartbeat_prot = 539\n", "lvs.cf:1:1: unknown key 'heartbeat_prot' in the global section; did you mean 'heartbeat_port'?" },
        { "weight = 1\n", "lvs.cf:1:1: key 'weight' is not allowed in the global section; it belongs in a server block" },
        { "scheduler = wlc\n", "lvs.cf:1:1: key 'scheduler' is not allowed in the global section; it belongs in a virtual or failover block" },
        { "virtual web {\n network = nat\n}\n", "lvs.cf:2:2: key 'network' is not allowed in virtual server 'web'; it belongs in the global section, before the blocks" },
        { "virtual web {\n start_cmd = \"x\"\n}\n", "lvs.cf:2:2: key 'start_cmd' is not allowed in virtual server 'web'; it belongs in a failover block" },
        { "virtual web {\n prot = 80\n}\n", "lvs.cf:2:2: unknown key 'prot' in virtual server 'web'; did you mean 'port'?" },
        { "virtual web {\n server a {\n  wieght = 2\n }\n}\n", "lvs.cf:3:3: unknown key 'wieght' in real server 'a'; did you mean 'weight'?" },
        { "virtual web {\n port = htp\n}\n", "lvs.cf:2:9: unknown port name 'htp' for 'port'; did you mean 'http'? (or give a number 1..65535)" },
        { "virtual web {\n port = 80\n port = 81\n}\n", "lvs.cf:3:2: duplicate key 'port' in virtual server 'web' (first set at line 2)" },
        { "virtual web {\n active = 1\n", "lvs.cf:1:9: virtual server 'web' is not closed: '}' expected before the end of the file" },
        { "}\n", "lvs.cf:1:1: unexpected '}' with no open block" },
        { "virtual web {\n}\n}\n", "lvs.cf:3:1: unexpected '}' with no open block" },
        { "virtual web {\n} extra\n", "lvs.cf:2:3: unexpected 'extra' after '}'; '}' stands alone on its line" },
        { "server r1 {\n}\n", "lvs.cf:1:8: a 'server' block is only allowed inside a 'virtual' block" },
        { "virtual {\n}\n", "lvs.cf:1:9: expected a name after 'virtual', e.g. 'virtual web {'" },
        { "virtual web\n}\n", "lvs.cf:1:13: expected '{' after 'virtual web'" },
        { "virtual web { active = 1\n}\n", "lvs.cf:1:15: unexpected 'active' after '{'; put keys on their own lines" },
        { "virtual my web {\n}\n", "lvs.cf:1:12: expected '{' after 'virtual my'" },
        { "virtual web! {\n}\n", "lvs.cf:1:9: name 'web!' cannot be written to lvs.cf: use letters, digits and _ . : @ - (not first), no spaces" },
        { "virtual web {\n}\nvirtual web {\n}\n", "lvs.cf:3:9: duplicate virtual server name 'web' (first defined at line 1)" },
        { "failover ftp {\n}\nfailover ftp {\n}\n", "lvs.cf:3:10: duplicate failover service name 'ftp' (first defined at line 1)" },
        { "virtual web {\n server a {\n }\n server a {\n }\n}\n", "lvs.cf:4:9: duplicate real server name 'a' in virtual server 'web' (first defined at line 2)" },
        { "virtual web {\n}\nfailover ftp {\n}\n", "lvs.cf:3:10: cannot use both virtual AND failover services (virtual server 'web' is at line 1)" },
        { "failover ftp {\n}\nvirtual web {\n}\n", "lvs.cf:3:9: cannot use both virtual AND failover services (failover service 'ftp' is at line 1)" },
        { "virtual a {\nvirtual b {\n}\n", "lvs.cf:2:9: a 'virtual' block cannot be inside virtual server 'a' (opened at line 1); is a '}' missing?" },
        {
            "virtual web {\n server a {\n  server b {\n }\n }\n}\n",
            "lvs.cf:3:10: a 'server' block cannot be inside real server 'a' (opened at line 2); is a '}' missing?\nlvs.cf:6:1: unexpected '}' with no open block"
        },
        { "virtual web {\n send = \"GET /\n}\n", "lvs.cf:2:9: quotation mismatch: the string starting here has no closing \"" },
        { "virtual web {\n send = 'GET /\n}\n", "lvs.cf:2:9: quotation mismatch: the string starting here has no closing '" },
        { "virtual web {\n send = \"GET\"x\n}\n", "lvs.cf:2:14: unexpected 'x' right after a closing quote; separate words with a space" },
        { "virtual web {\n send = \"\\x4\"\n}\n", "lvs.cf:2:10: escape \\x needs two hex digits, e.g. \\x0d" },
        { "# piranhanet: network = nat\n", "lvs.cf:1:15: 'network' is a Piranha key: write it without '# piranhanet:'" },
        { "# piranhanet: auto_failback 0\n", "lvs.cf:1:29: equal (=) expected after 'auto_failback'" },
        { "virtual web {\n # piranhanet: check = tcp\n}\n", "lvs.cf:2:24: 'check' must be one of connect, send_expect, program, http, https, not 'tcp'" },
        { "", "lvs.cf:1:1: empty configuration: no keys or blocks found" },
        { "# only a comment\n\n", "lvs.cf:1:1: empty configuration: no keys or blocks found" },
        { "virtual web {\n address = 10.0.0.1 eth0:1 extra\n}\n", "lvs.cf:2:28: unexpected 'extra' after the address and device of 'address'" },
        { "keepalive = fast\n", "lvs.cf:1:13: number of seconds expected for 'keepalive', e.g. 2 or 0.5, not 'fast'" },
        { "virtual web {\n fwmark = -1\n}\n", "lvs.cf:2:11: integer -1 for 'fwmark' is too small (at least 0)" },
        { "\"primary\" = 10.0.0.1\n", "lvs.cf:1:1: expected a key, a block or '}' but found 'primary'" },
        { "= 5\n", "lvs.cf:1:1: expected a key, a block or '}' but found '='" },
        {
            "serial_no = x\nnetwork = bogus\nvirtual web {\n timeout = 0x50\n}\n",
            "lvs.cf:1:13: integer expected for 'serial_no', not 'x'\nlvs.cf:2:11: 'network' must be one of nat, direct, tunnel, not 'bogus'\nlvs.cf:4:12: integer expected for 'timeout', not '0x50'"
        },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void TryRead_MalformedFile_ReportsExactErrorsAndNoConfig(string text, string expected)
    {
        var result = LvsConfigReader.TryRead(text);

        Assert.Null(result.Config);
        Assert.Equal(expected, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Read_MalformedFile_ThrowsParseExceptionWithAllErrors()
    {
        var error = Assert.Throws<LvsParseException>(() => LvsConfigReader.Read("a = 1\nhearbeat = 1\n", "/etc/sysconfig/ha/lvs.cf"));

        Assert.Equal(2, error.Errors.Count);
        Assert.Equal("/etc/sysconfig/ha/lvs.cf:2:1: unknown key 'hearbeat' in the global section; did you mean 'heartbeat'?", error.Errors[1].ToString());
    }
}
