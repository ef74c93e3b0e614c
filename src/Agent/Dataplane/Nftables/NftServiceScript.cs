using System.Globalization;
using System.Text;
using PiranhaNet.Core.Ipvs;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// The nft commands that add, rewrite, change and delete one service. A service is five objects of its own and
/// elements of the fixed maps and sets:
/// <code>
///   svc_ID     chain: jump timeouts; [ct mark set meta mark]; [dnat to client map @sticky_ID]; dnat to SLOT map @ring_ID
///   ring_ID    map: slot → real server            weights_ID  map: real server → weight (what reads back as the service)
///   sticky_ID  map: client → real server, with the persistence timeout (dynamic; filled by stick_ID)
///   stick_ID   chain: update @sticky_ID { client : real server } (reached through stick_CLASS for persistent services)
///   services4/6, marks4/6 → svc_ID;  in/out/new_CLASS per real server, svc_in/out/new_CLASS per service;
///   masquerade4/6, masquerade_marks4/6 (used when the agent masquerades)
/// </code>
/// A change of weights, a drain or a health change only rewrites ring slots and weights elements, so conntrack keeps
/// every established connection on its real server; the scheduling rule is rewritten only when the settings or the
/// ring's size change. Elements of the counting sets are deleted by adding them first (a no-op when present), so a
/// delete never fails on one that someone removed by hand.
/// </summary>
internal static class NftServiceScript
{
    /// <summary>Adds a service that does not exist.</summary>
    public static void Add(StringBuilder script, NftServiceShape shape)
    {
        var size = SlotRing.Size(shape.Service, 0);
        var id = shape.Id;
        Line(script, $"add map {NftNames.Table} {NftNames.Ring(id)} {{ {shape.RingType(size)}; }}");
        AddElements(script, NftNames.Ring(id), RingValues(shape, size).Select(s => $"{Slot(s.Key)} : {s.Value}"));
        Line(script, $"add map {NftNames.Table} {NftNames.Weights(id)} {{ {shape.WeightsType}; }}");
        AddElements(script, NftNames.Weights(id), shape.Service.Destinations.Select(d => Weight(shape, d)));
        AddSticky(script, shape);
        Line(script, $"add chain {NftNames.Table} {NftNames.ServiceChain(id)}");
        AddServiceRules(script, shape, size);
        AddElements(script, CountingSets(shape.Flow, perService: false), shape.Service.Destinations.Select(shape.DestinationKey));
        AddElements(script, CountingSets(shape.Flow, perService: true), [shape.ServiceKey]);
        if (shape.Persistent)
        {
            AddElements(script, NftNames.StickDispatch(shape.Flow), [$"{shape.ServiceKey} : jump {NftNames.StickChain(id)}"]);
        }
        AddElements(script, NftNames.Masquerade(shape.Flow), [shape.DispatchKey]);
        AddElements(script, NftNames.Dispatch(shape.Flow), [$"{shape.DispatchKey} : jump {NftNames.ServiceChain(id)}"]);
    }

    /// <summary>
    /// Deletes a service: its dispatch elements first (so no packet reaches what is being deleted), then its
    /// counting elements and its own objects, as far as <paramref name="current"/> found them. Also what is left of a
    /// service whose dispatch element is gone (<see cref="NftServiceState.Dispatched"/> false), before it is added again.
    /// </summary>
    public static void Delete(StringBuilder script, NftServiceState current)
    {
        var flow = FlowClass.Of(current.Key);
        var id = current.Id;
        var key = KeyShape(current.Key);
        if (current.Dispatched)
        {
            Line(script, $"delete element {NftNames.Table} {NftNames.Dispatch(flow)} {{ {key.DispatchKey} }}");
        }
        if (current.StickDispatched)
        {
            Line(script, $"delete element {NftNames.Table} {NftNames.StickDispatch(flow)} {{ {key.ServiceKey} }}");
        }
        ForgetElements(script, CountingSets(flow, perService: true), [key.ServiceKey]);
        ForgetElements(script, [NftNames.Masquerade(flow)], [key.DispatchKey]);
        ForgetElements(script, CountingSets(flow, perService: false), (current.Destinations ?? []).Select(key.DestinationKey));
        foreach (var chain in new[] { NftNames.ServiceChain(id), NftNames.StickChain(id) }.Where(current.Objects.Contains))
        {
            Line(script, $"flush chain {NftNames.Table} {chain}");
            Line(script, $"delete chain {NftNames.Table} {chain}");
        }
        foreach (var map in new[] { NftNames.Ring(id), NftNames.Weights(id), NftNames.Sticky(id) }.Where(current.Objects.Contains))
        {
            Line(script, $"delete map {NftNames.Table} {map}");
        }
    }

    /// <summary>
    /// Changes an intact service into <paramref name="desired"/> with the fewest commands: ring slots and weights that
    /// differ, counting elements of real servers that came or went; the rules only when the settings or the ring's size
    /// changed, the persistence map only when its timeout, netmask or form did.
    /// </summary>
    public static void Change(StringBuilder script, NftServiceState current, NftServiceShape desired)
    {
        var id = desired.Id;
        var before = current.Settings!;
        var previous = NftServiceShape.Of(current.Service!);
        var size = SlotRing.Size(desired.Service, before.RingSize);
        var service = desired.Service;
        var stickyChanged = previous.StickyType != desired.StickyType || StickRule(previous) != StickRule(desired);
        var rulesChanged = !ServiceRules(previous, before.RingSize).SequenceEqual(ServiceRules(desired, size), StringComparer.Ordinal);
        if (rulesChanged || stickyChanged)
        {
            Line(script, $"flush chain {NftNames.Table} {NftNames.ServiceChain(id)}");
        }
        if (stickyChanged)
        {
            // The map's timeout and form are fixed when it is made: a new one, after the rules that use it are gone.
            Line(script, $"flush chain {NftNames.Table} {NftNames.StickChain(id)}");
            Line(script, $"delete map {NftNames.Table} {NftNames.Sticky(id)}");
            AddSticky(script, desired);
        }
        // Slots: rewrite those whose real server changed (a size change rewrites them all: the old numbering is gone).
        var have = before.RingSize == size ? current.Ring! : new Dictionary<int, string>();
        if (before.RingSize != size)
        {
            Line(script, $"flush map {NftNames.Table} {NftNames.Ring(id)}");
        }
        var want = RingValues(desired, size);
        DeleteElements(script, NftNames.Ring(id), have.Where(h => !want.TryGetValue(h.Key, out var v) || v != h.Value).Select(h => Slot(h.Key)));
        AddElements(script, NftNames.Ring(id), want.Where(w => !have.TryGetValue(w.Key, out var v) || v != w.Value).Select(w => $"{Slot(w.Key)} : {w.Value}"));
        if (rulesChanged || stickyChanged)
        {
            AddServiceRules(script, desired, size);
        }
        // Weights and counting elements: by real server.
        var old = current.Destinations!.ToDictionary(d => d.Key);
        var now = service.Destinations.ToDictionary(d => d.Key);
        DeleteElements(script, NftNames.Weights(id), old.Values.Where(d => !now.TryGetValue(d.Key, out var n) || n.Weight != d.Weight).Select(desired.WeightKey));
        AddElements(script, NftNames.Weights(id), now.Values.Where(d => !old.TryGetValue(d.Key, out var o) || o.Weight != d.Weight).Select(d => Weight(desired, d)));
        var removed = old.Values.Where(d => !now.ContainsKey(d.Key)).ToList();
        ForgetElements(script, CountingSets(desired.Flow, perService: false), removed.Select(desired.DestinationKey));
        if (!stickyChanged)
        {
            ForgetStickyClients(script, current, previous, removed);
        }
        AddElements(script, CountingSets(desired.Flow, perService: false), now.Values.Where(d => !old.ContainsKey(d.Key)).Select(desired.DestinationKey));
        if (current.StickDispatched != desired.Persistent)
        {
            var verb = desired.Persistent ? "add" : "delete";
            var element = desired.Persistent ? $"{desired.ServiceKey} : jump {NftNames.StickChain(id)}" : desired.ServiceKey;
            Line(script, $"{verb} element {NftNames.Table} {NftNames.StickDispatch(desired.Flow)} {{ {element} }}");
        }
    }

    // Clients remembered on a real server that left the service (down, or taken out) are forgotten, as IPVS forgets
    // its persistence templates for a removed destination; a drained server (weight 0) keeps its clients, as in IPVS.
    // Each is added before it is deleted, so one that expired in between does not fail the transaction.
    private static void ForgetStickyClients(StringBuilder script, NftServiceState current, NftServiceShape previous, List<IpvsDestination> removed)
    {
        var gone = removed.Select(previous.StickyValueOf).ToHashSet(StringComparer.Ordinal);
        var stale = (current.StickyClients ?? []).Where(c => c.ValueText is { } server && gone.Contains(server)).ToList();
        if (stale.Count > 0)
        {
            var sticky = NftNames.Sticky(current.Id);
            Elements(script, "add", [sticky], stale.Select(c => $"{c.KeyText} : {c.ValueText}"));
            Elements(script, "delete", [sticky], stale.Select(c => c.KeyText));
        }
    }

    /// <summary>The rules of the service's NAT chain for a ring of <paramref name="size"/> slots.</summary>
    public static IReadOnlyList<string> ServiceRules(NftServiceShape shape, int size)
    {
        var ip = shape.Flow.Ip;
        var rules = new List<string> { "jump timeouts" };
        if (shape.Flow.IsMark)
        {
            rules.Add("ct mark set meta mark");
        }
        if (shape.Persistent)
        {
            rules.Add($"{shape.L4Context}dnat {ip} to {shape.MaskedClient} map @{NftNames.Sticky(shape.Id)}{shape.StickyPortSuffix}");
        }
        rules.Add($"{shape.L4Context}dnat {ip} to {shape.SlotExpression(size)} map @{NftNames.Ring(shape.Id)} comment \"{shape.SettingsComment(size)}\"");
        return rules;
    }

    /// <summary>The ring's filled slots, as element values, for a ring of <paramref name="size"/>.</summary>
    public static Dictionary<int, string> RingValues(NftServiceShape shape, int size)
    {
        // In a fixed order of address and port, so the ring read back (weights come back in the kernel's order) is
        // computed alike; among equal weights fo prefers the lowest address.
        var ordered = shape.Service.Destinations.OrderBy(d => d.Address.AddressFamily).ThenBy(d => d.Address.GetAddressBytes(), ByteOrder.Instance).ThenBy(d => d.Port).ToList();
        var ring = SlotRing.Fill(shape.Service with { Destinations = [.. ordered] }, size);
        return Enumerable.Range(0, ring.Length).Where(s => ring[s] >= 0).ToDictionary(s => s, s => shape.RingValue(ordered[ring[s]]));
    }

    // The service's persistence map and the chain that fills it; both exist for every service, so a service always
    // has the same five objects, and persistence is switched on by the stick dispatch and the lookup rule.
    private static void AddSticky(StringBuilder script, NftServiceShape shape)
    {
        var id = shape.Id;
        Line(script, $"add map {NftNames.Table} {NftNames.Sticky(id)} {{ {shape.StickyType}; }}");
        Line(script, $"add chain {NftNames.Table} {NftNames.StickChain(id)}");
        Line(script, $"add rule {NftNames.Table} {NftNames.StickChain(id)} {StickRule(shape)}");
    }

    // Recorded and refreshed by every packet to a real server still in the service: the last packets of a connection to
    // one that left (down, or taken out) must not bring back the client that was forgotten for it.
    private static string StickRule(NftServiceShape shape) => $"{shape.ToCurrentServer} update @{NftNames.Sticky(shape.Id)} {{ {shape.MaskedClient} : {shape.StickyValue} }}";

    private static void AddServiceRules(StringBuilder script, NftServiceShape shape, int size)
    {
        foreach (var rule in ServiceRules(shape, size))
        {
            Line(script, $"add rule {NftNames.Table} {NftNames.ServiceChain(shape.Id)} {rule}");
        }
    }

    // The shape of a key alone (no real servers): for deleting what a damaged service left.
    private static NftServiceShape KeyShape(IpvsServiceKey key) => NftServiceShape.Of(new IpvsService(key, Core.Scheduling.SchedulerNames.RoundRobin, 0, 0, 0, []));

    private static IEnumerable<string> CountingSets(FlowClass flow, bool perService) =>
        CountingSet.All.Where(s => s.PerService == perService).Select(s => NftNames.Counting(s, flow));

    private static string Weight(NftServiceShape shape, IpvsDestination destination) =>
        string.Create(CultureInfo.InvariantCulture, $"{shape.WeightKey(destination)} : {destination.Weight}");

    private static string Slot(int slot) => slot.ToString(CultureInfo.InvariantCulture);

    private static void AddElements(StringBuilder script, string set, IEnumerable<string> elements) => AddElements(script, [set], elements);

    private static void AddElements(StringBuilder script, IEnumerable<string> sets, IEnumerable<string> elements) =>
        Elements(script, "add", sets, elements);

    private static void DeleteElements(StringBuilder script, string set, IEnumerable<string> elements) => Elements(script, "delete", [set], elements);

    // Adding a set element that is there changes nothing, so add-then-delete removes it whether or not it was there.
    private static void ForgetElements(StringBuilder script, IEnumerable<string> sets, IEnumerable<string> elements)
    {
        var list = elements.ToList();
        Elements(script, "add", sets, list);
        Elements(script, "delete", sets, list);
    }

    private static void Elements(StringBuilder script, string verb, IEnumerable<string> sets, IEnumerable<string> elements)
    {
        var list = string.Join(", ", elements);
        if (list.Length == 0)
        {
            return;
        }
        foreach (var set in sets)
        {
            Line(script, $"{verb} element {NftNames.Table} {set} {{ {list} }}");
        }
    }

    private static void Line(StringBuilder script, string command) => script.AppendLine(command);

    /// <summary>Orders addresses by their bytes.</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x!.AsSpan().SequenceCompareTo(y);
    }
}
