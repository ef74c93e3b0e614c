using System.Globalization;
using System.Net;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// One service as its objects in the kernel say it is: found by its dispatch element, with the settings its
/// scheduling rule's comment holds, its real servers from the weights map and its ring. <see cref="Intact"/> says
/// whether every object is there as PiranhaNet writes it; a service that is not (edited by hand, half deleted) is
/// rewritten whole from what <see cref="Objects"/> says exists.
/// </summary>
internal sealed class NftServiceState
{
    private NftServiceState(IpvsServiceKey key) => (Key, Id) = (key, NftNames.ServiceId(key));

    /// <summary>The service's key.</summary>
    public IpvsServiceKey Key { get; }

    /// <summary>Its id in object names.</summary>
    public string Id { get; }

    /// <summary>Its settings, or null when its scheduling rule is missing or not ours.</summary>
    public NftServiceSettings? Settings { get; private init; }

    /// <summary>Its real servers from the weights map, or null when the map is missing or unreadable.</summary>
    public IReadOnlyList<IpvsDestination>? Destinations { get; private init; }

    /// <summary>The ring's slots (slot number to real server, as <see cref="NftServiceShape.RingValue"/> writes it), or null when the map is missing.</summary>
    public IReadOnlyDictionary<int, string>? Ring { get; private init; }

    /// <summary>True when the ring's values name a port (see <see cref="NftServiceShape.WithPort"/>).</summary>
    public bool RingWithPort { get; private init; }

    /// <summary>True when the service is in its class's stick dispatch map (its clients are remembered).</summary>
    public bool StickDispatched { get; private init; }

    /// <summary>
    /// True when a dispatch map names the service; false for the objects of a service whose dispatch element is gone
    /// (deleted by hand), which are in the way of adding it again.
    /// </summary>
    public bool Dispatched { get; private init; }

    /// <summary>The clients its persistence map remembers now (client to real server), or null when that map was not read.</summary>
    public IReadOnlyList<NftElement>? StickyClients { get; private init; }

    /// <summary>Which of the service's own objects exist (chain and map names).</summary>
    public IReadOnlySet<string> Objects { get; private init; } = new HashSet<string>();

    /// <summary>True when everything is as PiranhaNet writes it: the service reads back exactly as it was applied.</summary>
    public bool Intact { get; private init; }

    /// <summary>The service as IPVS would describe it, or null when its settings or weights are lost.</summary>
    public IpvsService? Service { get; private init; }

    /// <summary>
    /// The services the inventory's dispatch maps name, each read from its objects. A read of only some services'
    /// objects leaves the others' absent: read only the services it covered (<paramref name="only"/>).
    /// </summary>
    public static IReadOnlyList<NftServiceState> Read(NftInventory inventory, IReadOnlySet<IpvsServiceKey>? only = null)
    {
        var stuck = StuckServices(inventory);
        return [.. DispatchElements(inventory).Where(d => only is null || only.Contains(d.Key)).Select(d => Read(inventory, d.Key, d.Target, stuck, dispatched: true))];
    }

    // The services in the stick dispatch maps, as "class key".
    private static HashSet<string> StuckServices(NftInventory inventory) =>
        FlowClass.All.SelectMany(flow => inventory.Elements(NftNames.StickDispatch(flow)).Select(e => $"{flow.Name} {e.KeyText}")).ToHashSet(StringComparer.Ordinal);

    /// <summary>The keys of every service the inventory's dispatch maps name.</summary>
    public static IEnumerable<IpvsServiceKey> Keys(NftInventory inventory) => DispatchElements(inventory).Select(d => d.Key);

    /// <summary>
    /// What is left of <paramref name="key"/>'s service without its dispatch element (its chains, its maps, its stick
    /// dispatch element), or null when nothing is.
    /// </summary>
    public static NftServiceState? Leftover(NftInventory inventory, IpvsServiceKey key)
    {
        var state = Read(inventory, key, null, StuckServices(inventory), dispatched: false);
        return state.Objects.Count > 0 || state.StickDispatched ? state : null;
    }

    // Each service in the dispatch maps (services4 holds TCP and UDP alike) with the chain it jumps to.
    private static IEnumerable<(IpvsServiceKey Key, string? Target)> DispatchElements(NftInventory inventory) =>
        FlowClass.All.DistinctBy(NftNames.Dispatch).SelectMany(flow => inventory.Elements(NftNames.Dispatch(flow))
            .Select(e => (Key: TryKey(flow, e.Key), Target: e.Jump))
            .Where(d => d.Key is not null)
            .Select(d => (d.Key!, d.Target)));

    private static NftServiceState Read(NftInventory inventory, IpvsServiceKey key, string? target, HashSet<string> stuck, bool dispatched)
    {
        var id = NftNames.ServiceId(key);
        string svc = NftNames.ServiceChain(id), stick = NftNames.StickChain(id), ring = NftNames.Ring(id), weights = NftNames.Weights(id), sticky = NftNames.Sticky(id);
        var objects = new HashSet<string>(StringComparer.Ordinal);
        objects.UnionWith(new[] { svc, stick }.Where(chain => inventory.Rules(chain) is not null));
        objects.UnionWith(new[] { ring, weights, sticky }.Where(inventory.Sets.ContainsKey));
        var svcRules = inventory.Rules(svc);
        var settings = svcRules is { Count: > 0 } ? NftServiceSettings.Parse(svcRules[^1].Comment) : null;
        var destinations = objects.Contains(weights) ? TryDestinations(inventory.Elements(weights)) : null;
        var service = settings is null || destinations is null ? null
            : new IpvsService(key, settings.Scheduler, settings.Flags, settings.PersistenceTimeout, settings.PersistencePrefix, [.. destinations]);
        var stickDispatched = stuck.Contains($"{FlowClass.Of(key).Name} {ServiceKeyText(key)}");
        var ringWithPort = inventory.Sets.TryGetValue(ring, out var ringSet) && ringSet.DataLength is 8 or 20;
        var slots = objects.Contains(ring) ? TryRing(inventory.Elements(ring)) : null;
        return new NftServiceState(key)
        {
            Settings = settings,
            Destinations = destinations,
            Ring = slots,
            RingWithPort = ringWithPort,
            StickDispatched = stickDispatched,
            Dispatched = dispatched,
            StickyClients = inventory.WasRead(sticky) ? inventory.Elements(sticky) : null,
            Objects = objects,
            Service = service,
            Intact = dispatched && target == svc && service is not null && slots is not null && objects.Count == 5
                && LooksWritten(service, settings!, slots, ringWithPort, stickDispatched, svcRules!, inventory.Rules(stick)!),
        };
    }

    // The rules, the ring and the stick dispatch are what PiranhaNet writes for these settings and real servers.
    private static bool LooksWritten(IpvsService service, NftServiceSettings settings, Dictionary<int, string> slots, bool ringWithPort, bool stickDispatched,
        IReadOnlyList<NftRule> svcRules, IReadOnlyList<NftRule> stickRules)
    {
        if (NftServiceShape.Refusal(service) is not null || !SlotRing.Fits(service, settings.RingSize))
        {
            return false;
        }
        var shape = NftServiceShape.Of(service);
        var wanted = NftServiceScript.RingValues(shape, settings.RingSize);
        return svcRules.Count == NftServiceScript.ServiceRules(shape, settings.RingSize).Count && stickRules.Count == 1
            && svcRules[^1].References.Contains(NftNames.Ring(shape.Id))
            && stickRules[0].References.Contains(NftNames.Sticky(shape.Id)) && stickRules[0].References.Contains(NftNames.Weights(shape.Id))
            && ringWithPort == shape.WithPort && stickDispatched == shape.Persistent
            && slots.Count == wanted.Count && wanted.All(w => slots.TryGetValue(w.Key, out var have) && have == w.Value);
    }

    // A dispatch key: protocol . address . port, or a mark.
    private static IpvsServiceKey? TryKey(FlowClass flow, string[] key)
    {
        if (flow.IsMark)
        {
            return key is [var mark] && uint.TryParse(mark, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? IpvsServiceKey.ForMark(number, flow.Family)
                : null;
        }
        return key is [var protocol and ("tcp" or "udp"), var text, var port] && IPAddress.TryParse(text, out var address) && address.AddressFamily == flow.Family
            && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number2)
            ? IpvsServiceKey.ForAddress(protocol == "udp" ? TransportProtocol.Udp : TransportProtocol.Tcp, address, number2)
            : null;
    }

    // A service's key in its class's stick dispatch, as the element's key text: "192.0.2.10 . 80" or "7".
    private static string ServiceKeyText(IpvsServiceKey key) => key.Address is null
        ? key.FirewallMark.ToString(CultureInfo.InvariantCulture)
        : $"{key.Address} . {key.Port.ToString(CultureInfo.InvariantCulture)}";

    private static List<IpvsDestination>? TryDestinations(IEnumerable<NftElement> elements)
    {
        var destinations = new List<IpvsDestination>();
        foreach (var element in elements)
        {
            // A firewall mark's real servers without ports are held by address alone.
            var port = element.Key is [_, var text] ? text : "0";
            if (element is not { Key: [var address, ..], Value: [var weight] } || element.Key.Length > 2 || !IPAddress.TryParse(address, out var parsed)
                || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber)
                || !int.TryParse(weight, NumberStyles.None, CultureInfo.InvariantCulture, out var weightNumber))
            {
                return null;
            }
            destinations.Add(new IpvsDestination(parsed, portNumber, IpvsForwarding.Masquerade, weightNumber));
        }
        return destinations;
    }

    private static Dictionary<int, string>? TryRing(IEnumerable<NftElement> elements)
    {
        var slots = new Dictionary<int, string>();
        foreach (var element in elements)
        {
            if (element is not { Key: [var slot], ValueText: { } value } || !int.TryParse(slot, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }
            slots[number] = value;
        }
        return slots;
    }
}
