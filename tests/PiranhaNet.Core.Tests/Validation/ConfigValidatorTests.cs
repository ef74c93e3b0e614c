using PiranhaNet.Core.Model;
using PiranhaNet.Core.Tests.Shared;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Tests.Validation;

public class ConfigValidatorTests
{
    private static IReadOnlyList<ValidationError> Validate(LvsConfig config) => ConfigValidator.Default.Validate(config);

    private static ValidationError Single(LvsConfig config) => Assert.Single(Validate(config));

    [Fact]
    public void Validate_ValidConfig_ReturnsNothing()
    {
        Assert.Empty(Validate(Configs.Web));
        Assert.Empty(Validate(LvsConfig.Empty));
    }

    [Fact]
    public void Validate_ManyProblems_ReportsAllAtOnce()
    {
        var config = Configs.WithVirtual(v => v with
        {
            Address = "nope",
            Port = 0,
            Scheduler = "fast",
            RealServers = [v.RealServers[0] with { Weight = -1 }, v.RealServers[1] with { Address = "" }],
        });

        var paths = Validate(config).Select(e => e.Path).ToList();

        Assert.Equal(
        [
            "virtualServers[web].address",
            "virtualServers[web].realServers[r2].address",
            "virtualServers[web].port",
            "virtualServers[web].realServers[r1].weight",
            "virtualServers[web].scheduler",
        ], paths);
    }

    [Fact]
    public void Validate_WeightOutOfRange_NamesPathAndValue()
    {
        var error = Single(Configs.WithReal(r => r with { Weight = 65536 }));

        Assert.Equal(new ValidationError("virtualServers[web].realServers[r2].weight", "65536", "weight 65536 is out of range 0..65535"), error);
    }

    [Fact]
    public void Validate_LowerThresholdNotBelowUpper_NamesTheLowerOne()
    {
        var error = Single(Configs.WithReal(r => r with { UpperThreshold = 100, LowerThreshold = 100 }));

        Assert.Equal(new ValidationError("virtualServers[web].realServers[r2].lowerThreshold", "100", "lower connection threshold 100 must be below the upper one (100)"), error);
        Assert.Empty(Validate(Configs.WithReal(r => r with { UpperThreshold = 100, LowerThreshold = 75 })));
        Assert.Empty(Validate(Configs.WithReal(r => r with { LowerThreshold = 5 })));
    }

    [Theory]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0")]
    [InlineData("fe80::1%eth0")]
    [InlineData("host.example")]
    [InlineData(" 10.0.0.1")]
    public void Validate_BadRealServerAddress_ReportsIt(string address)
    {
        var error = Single(Configs.WithReal(r => r with { Address = address }));

        Assert.Equal(("virtualServers[web].realServers[r2].address", address), (error.Path, error.Value));
        Assert.Equal($"'{address}' is not an IPv4 or IPv6 address", error.Message);
    }

    [Fact]
    public void Validate_Ipv6Cluster_IsAccepted()
    {
        var config = Configs.WithVirtual(v => v with
        {
            Address = "2001:db8::10", VipNetmask = "64", PersistenceNetmask = "/96",
            RealServers = [v.RealServers[0] with { Address = "2001:db8::21" }, v.RealServers[1] with { Address = "2001:db8:0::22", Port = 8080 }],
        });

        Assert.Empty(Validate(config));
    }

    [Theory]
    [InlineData("255.255.255.0", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("24", true)]
    [InlineData("/32", true)]
    [InlineData("33", false)]
    [InlineData("255.255.0.255", false)]
    [InlineData("ffff::", false)]
    public void Validate_VipNetmask_AcceptsOnlyContiguousMasks(string mask, bool valid)
    {
        var errors = Validate(Configs.WithVirtual(v => v with { VipNetmask = mask }));

        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void Validate_DuplicateServiceEndpoint_IsReported()
    {
        var web = Configs.Web.VirtualServers[0];
        var config = Configs.Web with { VirtualServers = [web, web with { Name = "web2", RealServers = [] }] };

        var error = Single(config);

        Assert.Equal("virtualServers[web2].address", error.Path);
        Assert.Equal("192.0.2.10:80/tcp is already used by virtual server 'web'", error.Message);
    }

    [Fact]
    public void Validate_SameEndpointOtherProtocol_IsAccepted()
    {
        var web = Configs.Web.VirtualServers[0];
        var config = Configs.Web with { VirtualServers = [web, web with { Name = "dns", Protocol = TransportProtocol.Udp }] };

        Assert.Empty(Validate(config));
    }

    [Fact]
    public void Validate_DuplicateNames_AreReported()
    {
        var error = Single(Configs.WithReal(r => r with { Name = "r1", Address = "192.0.2.99" }));

        Assert.Equal(("virtualServers[web].realServers[r1].name", "duplicate real server name 'r1'"), (error.Path, error.Message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("web server")]
    [InlineData("web{1}")]
    [InlineData("-web")]
    [InlineData("a\"b")]
    public void Validate_NameBreakingLvsCf_IsReported(string name)
    {
        var errors = Validate(Configs.WithVirtual(v => v with { Name = name }));

        Assert.Contains(errors, e => e.Path == $"virtualServers[{name}].name");
    }

    [Fact]
    public void Validate_NatWithoutRouter_IsReported()
    {
        var config = Configs.Web with { Global = Configs.Web.Global with { Network = NetworkType.Nat } };

        Assert.Equal(["global.natRouterAddress", "global.natRouterNetmask", "global.natRouterDevice"], Validate(config).Select(e => e.Path));
    }

    [Fact]
    public void Validate_DirectClusterWithOneNatService_NeedsRouter()
    {
        var config = Configs.WithVirtual(v => v with { ForwardingMethod = NetworkType.Nat });

        Assert.Equal(3, Validate(config).Count);
    }

    [Fact]
    public void Validate_NatWithRouter_IsAccepted()
    {
        var config = Configs.Web with
        {
            Global = Configs.Web.Global with { Network = NetworkType.Nat, NatRouterAddress = "10.1.1.254", NatRouterNetmask = "255.255.255.0", NatRouterDevice = "eth1:1" },
        };

        Assert.Empty(Validate(config));
    }

    [Theory]
    [InlineData("sh", "sh-port", true)]
    [InlineData("mh", "mh-fallback", true)]
    [InlineData("mh", "sh-port", false)]
    [InlineData("rr", "sh-fallback", false)]
    public void Validate_SchedulerFlag_MustBelongToScheduler(string scheduler, string flag, bool valid)
    {
        var errors = Validate(Configs.WithVirtual(v => v with { Scheduler = scheduler, SchedulerFlags = [flag] }));

        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void Validate_VirtualAndFailoverMixed_IsReported()
    {
        var config = Configs.Web with
        {
            FailoverServices = [new FailoverServiceConfig { Name = "ftp", Address = "192.0.2.50" }],
        };

        var error = Single(config);

        Assert.Equal(("service", "cannot use both virtual AND failover services: remove the virtual servers or the failover services"), (error.Path, error.Message));
    }

    [Fact]
    public void Validate_DuplicateFirewallMark_IsReported()
    {
        var web = Configs.Web.VirtualServers[0] with { FirewallMark = 80 };
        var config = Configs.Web with { VirtualServers = [web, web with { Name = "https", Port = 443 }] };

        Assert.Equal("firewall mark 80 is already used by virtual server 'web'", Single(config).Message);
    }

    [Fact]
    public void Validate_RedundancyWithoutBackup_IsReported()
    {
        var config = Configs.Web with { Redundancy = new RedundancyConfig { Enabled = true, Heartbeat = true } };

        Assert.Equal("redundancy.backup", Single(config).Path);
    }

    [Theory]
    [InlineData(0.1, 0.3, true)]
    [InlineData(0.05, 0.15, true)]
    [InlineData(0.04, 0.3, false)]
    [InlineData(0.05, 0.14, false)]
    [InlineData(2, 2, false)]
    [InlineData(2, 5, true)]
    public void Validate_HeartbeatTiming_AllowsSubSecondValues(double keepalive, double deadtime, bool valid)
    {
        var config = Configs.Web with { Redundancy = new RedundancyConfig { Keepalive = keepalive, Deadtime = deadtime } };

        Assert.Equal(valid, Validate(config).Count == 0);
    }

    [Fact]
    public void Validate_HttpCheckOnUdp_IsReported()
    {
        var config = Configs.WithVirtual(v => v with { Protocol = TransportProtocol.Udp, HealthCheck = new HealthCheckConfig { Kind = HealthCheckKind.Http } });

        Assert.Equal("virtualServers[web].healthCheck.kind", Single(config).Path);
    }

    [Theory]
    [InlineData("200", true)]
    [InlineData("200-299,301", true)]
    [InlineData("99", false)]
    [InlineData("300-200", false)]
    [InlineData("2xx", false)]
    public void Validate_HttpStatusCodes_AreParsed(string codes, bool valid)
    {
        var config = Configs.WithVirtual(v => v with { HealthCheck = new HealthCheckConfig { Kind = HealthCheckKind.Https, HttpStatusCodes = codes } });

        Assert.Equal(valid, Validate(config).Count == 0);
    }

    [Fact]
    public void Validate_SendLongerThanPiranhaAllows_IsReported()
    {
        var config = Configs.WithVirtual(v => v with { HealthCheck = new HealthCheckConfig { Kind = HealthCheckKind.SendExpect, Send = new string('x', 256) } });

        Assert.Equal("send string is 256 characters long; at most 255 are allowed", Single(config).Message);
    }

    [Theory]
    [InlineData("eth0", true)]
    [InlineData("eth0:1", true)]
    [InlineData("bond0.100", true)]
    [InlineData("averyveryverylongname", false)]
    [InlineData("eth 0", false)]
    [InlineData("eth0/1", false)]
    public void Validate_DeviceName_MustBeAnInterfaceName(string device, bool valid)
    {
        Assert.Equal(valid, Validate(Configs.WithVirtual(v => v with { Device = device })).Count == 0);
    }

    [Fact]
    public void Validate_ActiveFailoverServiceWithoutCommands_IsReported()
    {
        var config = new LvsConfig
        {
            Service = ServiceKind.Fos,
            FailoverServices = [new FailoverServiceConfig { Name = "ftp", Active = true, Address = "192.0.2.50" }],
        };

        Assert.Equal(["failoverServices[ftp].startCommand", "failoverServices[ftp].stopCommand"], Validate(config).Select(e => e.Path));
    }
}
