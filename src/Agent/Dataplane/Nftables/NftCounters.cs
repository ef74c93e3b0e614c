using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// The counting sets' element counters, by the element's key as <see cref="NftServiceShape"/> writes it
/// (<c>192.0.2.10 . 80 . 10.0.0.1 . 8080</c>): packets and bytes in (client to server), out (server to client), and
/// first packets (connections), per real server and per service.
/// </summary>
internal sealed class NftCounters
{
    private readonly Dictionary<(string Set, string Key), (ulong Packets, ulong Bytes)> _counters = [];

    /// <summary>The counters in the counting sets of <paramref name="inventory"/>.</summary>
    public static NftCounters From(NftInventory inventory)
    {
        var counters = new NftCounters();
        foreach (var flow in FlowClass.All)
        {
            foreach (var set in CountingSet.All)
            {
                var name = NftNames.Counting(set, flow);
                foreach (var element in inventory.Elements(name))
                {
                    if (element.Counter is { } counter)
                    {
                        counters._counters[(name, element.KeyText)] = counter;
                    }
                }
            }
        }
        return counters;
    }

    /// <summary>A service's totals.</summary>
    public IpvsCounters OfService(NftServiceShape shape) => Totals(shape.Flow, perService: true, shape.ServiceKey);

    /// <summary>A real server's totals within its service.</summary>
    public IpvsCounters OfDestination(NftServiceShape shape, IpvsDestination destination) => Totals(shape.Flow, perService: false, shape.DestinationKey(destination));

    private IpvsCounters Totals(FlowClass flow, bool perService, string key)
    {
        var name = (string direction) => NftNames.Counting(new CountingSet(direction, perService), flow);
        var (inPackets, inBytes) = _counters.GetValueOrDefault((name("in"), key));
        var (outPackets, outBytes) = _counters.GetValueOrDefault((name("out"), key));
        var (connections, _) = _counters.GetValueOrDefault((name("new"), key));
        return new IpvsCounters(connections, inPackets, outPackets, inBytes, outBytes);
    }
}
