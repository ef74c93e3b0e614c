using PiranhaNet.Core.Dataplanes;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Tests.Shared;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Tests.Validation;

/// <summary>
/// A configuration must be one every director can carry out: what the nftables dataplane cannot do is refused, naming
/// the field, the value, the reason and the directors; nothing is refused for directors on other dataplanes.
/// </summary>
public class DataplaneRuleTests
{
    private static readonly IDirectorDataplanes s_nftables = new FixedDirectorDataplanes(
        new DirectorDataplane("lvs1", DataplaneNames.Ipvs), new DirectorDataplane("lvs2", DataplaneNames.Nftables));

    // Configs.Web is direct routing with wlc: a NAT cluster with rr is what nftables can carry out.
    private static readonly LvsConfig s_nat = Configs.WithVirtual(v => v with { Scheduler = "rr" }) with
    {
        Global = Configs.Web.Global with { Network = NetworkType.Nat, NatRouterAddress = "10.0.0.1", NatRouterNetmask = "255.255.255.0", NatRouterDevice = "eth1:1" },
    };

    private static IReadOnlyList<ValidationError> Validate(LvsConfig config, IDirectorDataplanes? directors = null) =>
        ConfigValidator.ForDirectors(directors ?? s_nftables).Validate(config);

    private static LvsConfig WithVirtual(Func<VirtualServerConfig, VirtualServerConfig> change) =>
        s_nat with { VirtualServers = [change(s_nat.VirtualServers[0])] };

    [Fact]
    public void NatWithRingSchedulers_OnNftables_IsValid()
    {
        foreach (var scheduler in new[] { "rr", "wrr", "sh", "dh", "mh", "fo" })
        {
            Assert.Empty(Validate(WithVirtual(v => v with { Scheduler = scheduler })));
        }
    }

    [Theory]
    [InlineData("wlc")]
    [InlineData("lc")]
    [InlineData("sed")]
    [InlineData("nq")]
    [InlineData("lblc")]
    [InlineData("lblcr")]
    [InlineData("ovf")]
    [InlineData("twos")]
    public void ConnectionCountScheduler_OnNftables_IsRefusedNamingSchedulerReasonAndDirector(string scheduler)
    {
        var error = Assert.Single(Validate(WithVirtual(v => v with { Scheduler = scheduler })));

        Assert.Equal("virtualServers[web].scheduler", error.Path);
        Assert.Equal(scheduler, error.Value);
        Assert.Equal($"scheduler {scheduler} picks by live connection counts, which the nftables dataplane does not keep: choose rr, wrr, sh, dh, mh or fo (director lvs2 runs it)", error.Message);
    }

    [Fact]
    public void AnyConfiguration_WithoutNftablesDirectors_IsNotRefusedForItsDataplane()
    {
        var ipvsOnly = new FixedDirectorDataplanes(new DirectorDataplane("lvs1", DataplaneNames.Ipvs), new DirectorDataplane("local", DataplaneNames.Userspace));

        Assert.Empty(Validate(Configs.Web, ipvsOnly));
        Assert.Empty(Validate(Configs.Web, new FixedDirectorDataplanes()));
    }

    [Fact]
    public void DirectRoutingForTheCluster_OnNftables_IsRefusedAtTheGlobalNetwork()
    {
        var error = Assert.Single(Validate(Configs.WithVirtual(v => v with { Scheduler = "rr" })));

        Assert.Equal(new ValidationError("global.network", "direct",
            "direct is not done by the nftables dataplane: it translates addresses (nat), where direct routing rewrites each packet's MAC address in IPVS (director lvs2 runs it)"), error);
    }

    [Fact]
    public void TunnellingForOneVirtualServer_OnNftables_IsRefusedAtItsForwardingMethod()
    {
        var error = Assert.Single(Validate(WithVirtual(v => v with { ForwardingMethod = NetworkType.Tunnel })));

        Assert.Equal("virtualServers[web].forwardingMethod", error.Path);
        Assert.Equal("tunnel", error.Value);
        Assert.Contains("tunnelling wraps each packet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionThreshold_OnNftables_IsRefusedAtTheRealServer()
    {
        var config = s_nat with
        {
            VirtualServers = [s_nat.VirtualServers[0] with { RealServers = [s_nat.VirtualServers[0].RealServers[0], s_nat.VirtualServers[0].RealServers[1] with { UpperThreshold = 100 }] }],
        };

        var error = Assert.Single(Validate(config));

        Assert.Equal(new ValidationError("virtualServers[web].realServers[r2].upperThreshold", "100",
            "connection thresholds need live connection counts, which the nftables dataplane does not keep (director lvs2 runs it)"), error);
    }

    [Fact]
    public void SyncDaemon_OnNftables_IsRefused()
    {
        var config = s_nat with { Global = s_nat.Global with { SyncDaemon = new SyncDaemonConfig { Enabled = true } } };

        var error = Assert.Single(Validate(config));

        Assert.Equal("global.syncDaemon.enabled", error.Path);
        Assert.StartsWith("the connection sync daemon is IPVS's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6PersistenceOverRealServersOnTwoPorts_OnNftables_IsRefused()
    {
        var config = WithVirtual(v => v with
        {
            Address = "2001:db8::10", VipNetmask = "64", Persistent = 300,
            RealServers = [v.RealServers[0] with { Address = "2001:db8::21", Port = 8080 }, v.RealServers[1] with { Address = "2001:db8::22", Port = 8081 }],
        });

        var error = Assert.Single(Validate(config));

        Assert.Equal("virtualServers[web].persistent", error.Path);
        Assert.Empty(Validate(config with { VirtualServers = [config.VirtualServers[0] with { Persistent = 0 }] }));
    }

    [Fact]
    public void FirewallMarkServiceWithMixedOrSharedRealServers_OnNftables_IsRefused()
    {
        var mixed = WithVirtual(v => v with { FirewallMark = 7, RealServers = [v.RealServers[0] with { Port = 8080 }, v.RealServers[1]] });
        var shared = WithVirtual(v => v with
        {
            FirewallMark = 7, RealServers = [v.RealServers[0] with { Port = 8080 }, v.RealServers[1] with { Address = v.RealServers[0].Address, Port = 8081 }],
        });

        Assert.Equal("virtualServers[web].realServers", Assert.Single(Validate(mixed)).Path);
        var error = Assert.Single(Validate(shared));
        Assert.Equal(new ValidationError("virtualServers[web].realServers[r2].address", "192.0.2.21",
            "on the nftables dataplane a firewall-mark virtual server counts its real servers by address, and 192.0.2.21 is there twice (director lvs2 runs it)"), error);
    }

    [Fact]
    public void SorryServer_CountsAsADestination_ForPortsAndAddresses()
    {
        // The agent puts the sorry server in when every real server is drained or down: on the virtual server's own
        // port, or (firewall mark) the packet's own.
        var markWithPorts = WithVirtual(v => v with
        {
            FirewallMark = 7, SorryServer = "192.0.2.99", RealServers = [.. v.RealServers.Select(r => r with { Port = 8080 })],
        });
        var ipv6 = WithVirtual(v => v with
        {
            Address = "2001:db8::10", VipNetmask = "64", Persistent = 300, SorryServer = "2001:db8::99",
            RealServers = [v.RealServers[0] with { Address = "2001:db8::21", Port = 8080 }, v.RealServers[1] with { Address = "2001:db8::22", Port = 8080 }],
        });

        Assert.Equal("virtualServers[web].realServers", Assert.Single(Validate(markWithPorts)).Path);
        Assert.Equal("virtualServers[web].persistent", Assert.Single(Validate(ipv6)).Path);
        Assert.Empty(Validate(ipv6 with { VirtualServers = [ipv6.VirtualServers[0] with { SorryServer = null }] }));
    }

    [Fact]
    public void WhatTheAgentDoesNotProgram_IsCheckedWhenItIs()
    {
        var inactive = WithVirtual(v => v with { Active = false, Scheduler = "wlc" });
        var resting = WithVirtual(v => v with
        {
            FirewallMark = 7, RealServers = [v.RealServers[0], v.RealServers[1] with { Port = 8080, Maintenance = true }],
        });

        Assert.Empty(Validate(inactive));
        Assert.Empty(Validate(resting));
        Assert.Single(Validate(inactive with { VirtualServers = [inactive.VirtualServers[0] with { Active = true }] }));
    }

    [Fact]
    public void TwoNftablesDirectors_AreBothNamed_OnceForEachProblem()
    {
        var both = new FixedDirectorDataplanes(new DirectorDataplane("lvs1", DataplaneNames.Nftables), new DirectorDataplane("lvs2", DataplaneNames.Nftables));

        var error = Assert.Single(Validate(WithVirtual(v => v with { Scheduler = "wlc" }), both));

        Assert.EndsWith("(directors lvs1, lvs2 run it)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailoverServices_RunNoVirtualServers_SoNothingIsRefusedForThem()
    {
        Assert.Empty(NftablesLimits.Check(Configs.Web with { Service = ServiceKind.Fos, VirtualServers = [] }));
    }
}
