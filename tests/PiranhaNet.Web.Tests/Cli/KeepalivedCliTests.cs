using PiranhaNet.Web.Cli;
using PiranhaNet.Web.Testing;

namespace PiranhaNet.Web.Tests.Cli;

/// <summary>check, convert and import with a keepalived.conf: told apart from lvs.cf by content, includes followed.</summary>
public sealed class KeepalivedCliTests : CliTestBase
{
    private const string Farm = """
        ! a DR farm of one server
        virtual_server 192.0.2.10 80 {
            lb_kind DR
            protocol TCP
            real_server 192.0.2.21 80 {
                TCP_CHECK {
                }
            }
        }

        """;

    private const string WithScript = """
        vrrp_script chk {
            script "true"
        }
        include farm.conf

        """;

    [Fact]
    public async Task Check_KeepalivedConf_IsDetectedAndSummarised()
    {
        var path = Write("keepalived.conf", Farm);

        var (code, output, error) = await RunAsync("check", path);

        Assert.Equal(0, code);
        Assert.Equal($"{path}: OK (keepalived.conf, lvs, direct, 1 virtual server, 1 real server)\n", output);
        Assert.Contains($"{path}:6:9: warning: delay_before_retry 1 is not carried", error);
    }

    [Fact]
    public async Task Check_UnsupportedSetting_Exits1UnlessAllowed()
    {
        Write("farm.conf", Farm);
        var path = Write("keepalived.conf", WithScript);

        var refused = await RunAsync("check", path);
        var allowed = await RunAsync("check", path, "--allow-unsupported");

        Assert.Equal(1, refused.Code);
        Assert.Contains($"{path}:1:1: error: vrrp_script is not carried: PiranhaNet fails over on a dead peer or a lost link, not on a script", refused.Error);
        Assert.Contains("1 setting(s) cannot be carried; nothing was read. --allow-unsupported goes on without them.", refused.Error);
        Assert.Equal(0, allowed.Code);
        Assert.Contains($"{path}:1:1: dropped: vrrp_script is not carried", allowed.Error);
    }

    [Fact]
    public async Task Convert_KeepalivedToLvsCf_WritesTheModel()
    {
        var (code, output, _) = await RunAsync("convert", Write("keepalived.conf", Farm), "--to", "lvs.cf");

        Assert.Equal(0, code);
        Assert.Contains("network = direct\n", output);
        Assert.Contains("virtual vs_192.0.2.10_80 {", output);
        Assert.Contains("server rs_192.0.2.21_80 {", output);
    }

    [Fact]
    public async Task Format_Forced_ReadsTheFileAsThatFormat()
    {
        var path = Write("looks-like-lvs.cf", "network = direct\n");

        var (code, _, error) = await RunAsync("check", path, "--format", "keepalived");

        Assert.Equal(1, code);
        Assert.Contains($"{path}:1:1: error: 'network' is not a keepalived.conf section PiranhaNet knows", error);
    }

    [Fact]
    public async Task Import_AllowedUnsupported_SavesAVersionWhoseSummaryListsWhatWasDropped()
    {
        var data = Path.Combine(Temp.Path, "data");
        Write("farm.conf", Farm);
        var path = Write("keepalived.conf", WithScript);

        var refused = await RunAsync("import", path, "--data", data);
        var imported = await RunAsync("import", path, "--data", data, "--allow-unsupported");
        var exported = await RunAsync("export", "--data", data);

        Assert.Equal(1, refused.Code);
        Assert.Equal(0, imported.Code);
        Assert.Contains("imported as version 1 (imported", imported.Out);
        Assert.Contains($"(keepalived.conf): lvs, direct, 1 virtual server, 1 real server; dropped: {path}:1:1: vrrp_script is not carried", imported.Out);
        Assert.Contains("virtual vs_192.0.2.10_80 {", exported.Out);
    }

    [Fact]
    public async Task ConvertToKeepalived_LvsCf_WritesAFileThatReadsBack()
    {
        var lvs = Write("lvs.cf", "network = direct\nvirtual web {\n active = 1\n address = 192.0.2.10 eth0:1\n protocol = tcp\n reentry = 0\n server r1 {\n  address = 192.0.2.21\n  active = 1\n }\n}\n");

        var (code, output, _) = await RunAsync("convert", lvs, "--to", "keepalived");
        var back = await RunAsync("check", Write("back.conf", output));

        Assert.Equal(0, code);
        Assert.Contains("virtual_server 192.0.2.10 80 {", output);
        Assert.Contains("!   - virtual server web: its address's device and mask (keepalived adds addresses only through a vrrp_instance)", output);
        Assert.Equal(0, back.Code);
    }

    [Fact]
    public async Task ExportKeepalived_AfterImport_WritesTheLatestVersion()
    {
        var data = Path.Combine(Temp.Path, "data");
        await RunAsync("import", Write("keepalived.conf", Farm), "--data", data);

        var (code, output, _) = await RunAsync("export", "--data", data, "--format", "keepalived");

        Assert.Equal(0, code);
        Assert.StartsWith("! keepalived.conf written by PiranhaNet from configuration version 1.\n", output);
        Assert.Contains("    real_server 192.0.2.21 80 {\n", output);
    }

    [Fact]
    public async Task ImportHeartbeat_Directory_SavesThePairAndItsFailoverService()
    {
        var data = Path.Combine(Temp.Path, "data");
        var haD = Path.Combine(Temp.Path, "ha.d");
        System.IO.Directory.CreateDirectory(haD);
        File.WriteAllText(Path.Combine(haD, "ha.cf"), "keepalive 2\ndeadtime 10\nucast eth0 192.0.2.1\nucast eth0 192.0.2.2\nauto_failback on\nnode web1\nnode web2\n");
        File.WriteAllText(Path.Combine(haD, "haresources"), "web1 192.0.2.10/24/eth0 httpd\n");
        File.WriteAllText(Path.Combine(haD, "authkeys"), "auth 2\n2 md5 secret-words\n");

        var checkedPair = await RunAsync("check", haD);
        var imported = await RunAsync("import", haD, "--data", data);

        Assert.Equal(0, checkedPair.Code);
        Assert.Equal($"{haD}: OK (Heartbeat, fos, 1 failover service)\n", checkedPair.Out);
        Assert.Contains("authkeys' md5 key is not carried", checkedPair.Error);
        Assert.DoesNotContain("secret-words", checkedPair.Error + imported.Out + imported.Error);
        Assert.Equal(0, imported.Code);
        Assert.Contains("imported as version 1 (imported", imported.Out);
        Assert.Contains("(Heartbeat): fos, 1 failover service", imported.Out);
    }
}
