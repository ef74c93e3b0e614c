using System.Net;
using PiranhaNet.Core.Redundancy;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Tests.Redundancy;

public class RedundancyPlanTests
{
    private static readonly LvsConfig s_pair = new()
    {
        Global = new GlobalSettingsConfig
        {
            Primary = "192.0.2.1", PrimaryPrivate = "10.9.0.1", Network = NetworkType.Nat,
            NatRouterAddress = "10.0.0.254", NatRouterDevice = "eth1:1", NatRouterNetmask = "255.255.255.0",
        },
        Redundancy = new RedundancyConfig { Enabled = true, Heartbeat = true, Backup = "192.0.2.2", BackupPrivate = "10.9.0.2", Keepalive = 0.2, Deadtime = 0.6 },
        VirtualServers =
        [
            new VirtualServerConfig { Name = "web", Active = true, Address = "192.0.2.10", Device = "eth0:1", Port = 80 },
            new VirtualServerConfig { Name = "tls", Active = true, Address = "192.0.2.10", Device = "eth0:2", Port = 443 },
            new VirtualServerConfig { Name = "v6", Active = true, Address = "2001:db8::10", Device = "eth0", VipNetmask = "64" },
            new VirtualServerConfig { Name = "off", Active = false, Address = "192.0.2.11", Device = "eth0:3" },
            new VirtualServerConfig { Name = "nodevice", Active = true, Address = "192.0.2.12" },
        ],
        FailoverServices = [new FailoverServiceConfig { Name = "ftp", Active = true, Address = "192.0.2.20", Device = "eth0:4" }],
    };

    private static HashSet<IPAddress> Local(params string[] addresses) => [.. addresses.Select(IPAddress.Parse)];

    [Fact]
    public void Primary_FoundByItsAddress_GetsBothPathsAndEveryFloatingAddressOnce()
    {
        var plan = RedundancyPlan.For(s_pair, Local("127.0.0.1", "192.0.2.1"));

        Assert.Equal((DirectorRole.Primary, true), (plan.Role, plan.Peered));
        Assert.Equal(
            [new HeartbeatPath("public", IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2")),
             new HeartbeatPath("private", IPAddress.Parse("10.9.0.1"), IPAddress.Parse("10.9.0.2"))],
            plan.Paths);
        Assert.Equal((TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(600)), (plan.Keepalive, plan.Deadtime));
        Assert.Equal(
            ["192.0.2.10/32 on eth0:1 (virtual server web)", "2001:db8::10/64 on eth0 (virtual server v6)",
             "10.0.0.254/24 on eth1:1 (the NAT router)", "192.0.2.20/32 on eth0:4 (failover service ftp)"],
            plan.Addresses.Select(a => a.ToString()));
        Assert.Equal(("eth0", "eth0:1"), (plan.Addresses[0].LinkDevice, plan.Addresses[0].Label));
        Assert.Null(plan.Addresses[1].Label);   // IPv6 addresses carry no label
    }

    [Fact]
    public void Backup_SeesThePathsFromItsSide()
    {
        var plan = RedundancyPlan.For(s_pair, Local("192.0.2.2"));

        Assert.Equal(DirectorRole.Backup, plan.Role);
        Assert.Equal(new HeartbeatPath("public", IPAddress.Parse("192.0.2.2"), IPAddress.Parse("192.0.2.1")), plan.Paths[0]);
    }

    [Fact]
    public void NeitherAddress_NoRole_NoAddressesToManage_AndSaysWhy()
    {
        var plan = RedundancyPlan.For(s_pair, Local("127.0.0.1"));

        Assert.Null(plan.Role);
        Assert.Empty(plan.Addresses);
        Assert.Equal("neither primary 192.0.2.1 nor backup 192.0.2.2 is on this director: it forwards but manages no address", plan.Note);
    }

    [Fact]
    public void WithoutABackup_ThePrimaryIsAlone_WithoutPaths_AndTheBackupAddressMeansNothing()
    {
        var single = s_pair with { Redundancy = s_pair.Redundancy with { Enabled = false } };

        var primary = RedundancyPlan.For(single, Local("192.0.2.1"));
        var formerBackup = RedundancyPlan.For(single, Local("192.0.2.2"));

        Assert.Equal((DirectorRole.Primary, false), (primary.Role, primary.Peered));
        Assert.Empty(primary.Paths);
        Assert.Null(formerBackup.Role);
    }

    [Fact]
    public void PrivatePath_OnlyWhenBothPrivateAddressesAreSet()
    {
        var publicOnly = s_pair with { Redundancy = s_pair.Redundancy with { BackupPrivate = null } };

        Assert.Equal(["public"], RedundancyPlan.For(publicOnly, Local("192.0.2.1")).Paths.Select(p => p.Name));
    }

    [Fact]
    public void HeartbeatsOff_NoPaths_TheBackupNeverTakesOver()
    {
        var off = s_pair with { Redundancy = s_pair.Redundancy with { Heartbeat = false } };

        var plan = RedundancyPlan.For(off, Local("192.0.2.2"));

        Assert.Equal((DirectorRole.Backup, true, false), (plan.Role, plan.Peered, plan.Heartbeats));
        Assert.Empty(plan.Paths);
    }
}
