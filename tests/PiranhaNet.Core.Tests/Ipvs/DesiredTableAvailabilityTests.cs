using System.Net;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Tests.Shared;

namespace PiranhaNet.Core.Tests.Ipvs;

/// <summary>The desired table given what the health checks say now: configuration plus runtime state, nothing rewritten.</summary>
public class DesiredTableAvailabilityTests
{
    private sealed class Availability(params (string RealServer, RealServerAvailability Now)[] servers) : IRealServerAvailability
    {
        public RealServerAvailability Of(string virtualServer, string realServer) =>
            servers.FirstOrDefault(s => s.RealServer == realServer) is { RealServer: not null } found ? found.Now : RealServerAvailability.AsConfigured;
    }

    private static IEnumerable<(string Address, int Weight)> Destinations(Model.LvsConfig config, IRealServerAvailability availability) =>
        Assert.Single(DesiredTable.From(config, availability)).Destinations.Select(d => (d.Address.ToString(), d.Weight));

    [Fact]
    public void From_AServerOutOfService_LeavesItOut_OrAtWeightZeroWhenQuiesced()
    {
        var down = new Availability(("r2", RealServerAvailability.OutOfService));

        Assert.Equal([("192.0.2.21", 1)], Destinations(Configs.Web, down));
        Assert.Equal([("192.0.2.21", 1), ("192.0.2.22", 0)], Destinations(Configs.WithVirtual(v => v with { QuiesceServer = true }), down));
    }

    [Fact]
    public void From_ARampingServer_HasItsRampWeight_NeverMoreThanConfigured()
    {
        var config = Configs.WithReal(r => r with { Weight = 8 });

        Assert.Equal([("192.0.2.21", 1), ("192.0.2.22", 2)], Destinations(config, new Availability(("r2", new RealServerAvailability(true, 2)))));
        Assert.Equal([("192.0.2.21", 1), ("192.0.2.22", 8)], Destinations(config, new Availability(("r2", new RealServerAvailability(true, 16)))));
        Assert.Equal([("192.0.2.21", 1), ("192.0.2.22", 0)],
            Destinations(Configs.WithReal(r => r with { Weight = 8, Drain = true }), new Availability(("r2", new RealServerAvailability(true, 2)))));
    }

    [Fact]
    public void From_NoServerTakingNewConnections_SendsThemToTheSorryServer()
    {
        var withSorry = Configs.WithVirtual(v => v with { SorryServer = "192.0.2.99" });
        var allDown = new Availability(("r1", RealServerAvailability.OutOfService), ("r2", RealServerAvailability.OutOfService));
        var oneDrainedOneDown = Configs.WithVirtual(v => v with { SorryServer = "192.0.2.99", RealServers = [v.RealServers[0] with { Drain = true }, v.RealServers[1]] });

        Assert.Equal([("192.0.2.99", 1)], Destinations(withSorry, allDown));
        Assert.Equal([("192.0.2.21", 0), ("192.0.2.99", 1)], Destinations(oneDrainedOneDown, new Availability(("r2", RealServerAvailability.OutOfService))));
        Assert.Equal([("192.0.2.21", 1), ("192.0.2.22", 1)], Destinations(withSorry, new Availability()));
        Assert.Equal(80, Assert.Single(DesiredTable.From(withSorry, allDown)).Destinations.Single().Port);
        Assert.Equal(IPAddress.Parse("192.0.2.99"), Assert.Single(DesiredTable.From(withSorry, allDown)).Destinations.Single().Address);
    }
}
