using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Ipvs;

public class DesiredTableTests
{
    [Fact]
    public void From_DirectCluster_MakesOneServiceWithRouteDestinations()
    {
        var service = Assert.Single(DesiredTable.From(Configs.Web));

        Assert.Equal(IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Parse("192.0.2.10"), 80), service.Key);
        Assert.Equal(("wlc", 0u, 0u, 32), (service.Scheduler, service.SchedulerFlags, service.PersistenceTimeout, service.PersistencePrefix));
        Assert.Equal(
        [
            new IpvsDestination(IPAddress.Parse("192.0.2.21"), 80, IpvsForwarding.Route, 1),
            new IpvsDestination(IPAddress.Parse("192.0.2.22"), 80, IpvsForwarding.Route, 1),
        ], service.Destinations);
    }

    [Fact]
    public void From_InactiveServersAndDrain_LeaveOutInactiveAndZeroTheDrained()
    {
        var config = Configs.WithVirtual(v => v with { RealServers = [v.RealServers[0] with { Active = false }, v.RealServers[1] with { Weight = 5, Drain = true }] });

        var destination = Assert.Single(Assert.Single(DesiredTable.From(config)).Destinations);

        Assert.Equal((IPAddress.Parse("192.0.2.22"), 0), (destination.Address, destination.Weight));
    }

    [Fact]
    public void From_InactiveVirtualServer_HasNoService()
    {
        Assert.Empty(DesiredTable.From(Configs.WithVirtual(v => v with { Active = false })));
    }

    [Fact]
    public void From_FirewallMarkWithPersistenceAndFlags_MapsToKernelFields()
    {
        var config = Configs.WithVirtual(v => v with
        {
            FirewallMark = 80, Scheduler = "sh", SchedulerFlags = ["sh-port", "sh-fallback"], Persistent = 360, PersistenceNetmask = "255.255.255.0",
            ForwardingMethod = NetworkType.Nat,
        });

        var service = Assert.Single(DesiredTable.From(config));

        Assert.Equal(IpvsServiceKey.ForMark(80, AddressFamily.InterNetwork), service.Key);
        Assert.Equal((0x18u, 360u, 24), (service.SchedulerFlags, service.PersistenceTimeout, service.PersistencePrefix));
        Assert.All(service.Destinations, d => Assert.Equal((0, IpvsForwarding.Masquerade), (d.Port, d.Forwarding)));
    }

    [Fact]
    public void From_FailoverServices_HasNoIpvsServices()
    {
        Assert.Empty(DesiredTable.From(new LvsConfig { Service = ServiceKind.Fos }));
    }
}
