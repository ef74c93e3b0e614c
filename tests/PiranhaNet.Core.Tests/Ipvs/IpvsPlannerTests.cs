using System.Net;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Ipvs;

public class IpvsPlannerTests
{
    private static readonly IpvsService s_web = Assert.Single(DesiredTable.From(Configs.Web));
    private static readonly HashSet<IpvsServiceKey> s_managesWeb = [s_web.Key];

    private static IpvsPlan Plan(IpvsService[] current, IpvsService[] desired, IReadOnlySet<IpvsServiceKey>? managed = null) =>
        IpvsPlanner.Plan(current, desired, managed ?? s_managesWeb);

    [Fact]
    public void Plan_EmptyKernel_AddsTheServiceThenItsDestinations()
    {
        var plan = Plan([], [s_web]);

        Assert.Equal([IpvsChangeKind.AddService, IpvsChangeKind.AddDestination, IpvsChangeKind.AddDestination], plan.Changes.Select(c => c.Kind));
    }

    [Fact]
    public void Plan_KernelAlreadyMatches_IsEmpty()
    {
        Assert.True(Plan([s_web], [s_web]).IsEmpty);
    }

    [Fact]
    public void Plan_OneWeightChanged_IsOneDestinationEdit()
    {
        var desired = Assert.Single(DesiredTable.From(Configs.WithReal(r => r with { Weight = 5 })));

        var change = Assert.Single(Plan([s_web], [desired]).Changes);

        Assert.Equal(IpvsChangeKind.EditDestination, change.Kind);
        Assert.Equal("edit destination 192.0.2.22:80 of TCP  192.0.2.10:80 (Route, weight 5)", change.ToString());
    }

    [Fact]
    public void Plan_SchedulerChanged_IsOneServiceEdit()
    {
        var desired = s_web with { Scheduler = "rr" };

        Assert.Equal([IpvsChangeKind.EditService], Plan([s_web], [desired]).Changes.Select(c => c.Kind));
    }

    [Fact]
    public void Plan_RealServerRemovedAndAdded_DeletesAndAddsOnlyThose()
    {
        var desired = s_web with { Destinations = [s_web.Destinations[0], new IpvsDestination(IPAddress.Parse("192.0.2.23"), 80, IpvsForwarding.Route, 1)] };

        var plan = Plan([s_web], [desired]);

        Assert.Equal(["add destination 192.0.2.23:80 of TCP  192.0.2.10:80 (Route, weight 1)", "delete destination 192.0.2.22:80 of TCP  192.0.2.10:80"],
            plan.Changes.Select(c => c.ToString()));
    }

    [Fact]
    public void Plan_ManagedServiceNoLongerWanted_IsDeleted()
    {
        Assert.Equal([IpvsChangeKind.DeleteService], Plan([s_web], []).Changes.Select(c => c.Kind));
    }

    [Fact]
    public void Plan_ServiceSomeoneElseCreated_IsLeftAloneAndReported()
    {
        var foreign = s_web with { Key = IpvsServiceKey.ForAddress(TransportProtocol.Udp, IPAddress.Parse("198.51.100.1"), 53) };

        var plan = Plan([s_web, foreign], [s_web]);

        Assert.True(plan.IsEmpty);
        Assert.Equal([foreign.Key], plan.Unmanaged);
    }

    [Fact]
    public void Plan_DesiredServiceAlreadyThereUnmanaged_IsAdoptedAndEdited()
    {
        var plan = Plan([s_web with { Scheduler = "rr" }], [s_web], managed: new HashSet<IpvsServiceKey>());

        Assert.Equal([IpvsChangeKind.EditService], plan.Changes.Select(c => c.Kind));
        Assert.Empty(plan.Unmanaged);
    }

    [Fact]
    public void Plan_Ipv6AddressesWrittenDifferently_AreTheSameService()
    {
        var a = s_web with { Key = IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Parse("2001:db8::10"), 80), Destinations = [] };
        var b = s_web with { Key = IpvsServiceKey.ForAddress(TransportProtocol.Tcp, IPAddress.Parse("2001:0db8:0::10"), 80), Destinations = [] };

        Assert.True(IpvsPlanner.Plan([a], [b], new HashSet<IpvsServiceKey> { a.Key }).IsEmpty);
    }
}
