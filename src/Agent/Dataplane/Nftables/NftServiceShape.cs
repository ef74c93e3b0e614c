using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Dataplanes;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// What one service looks like in nft: its class and id, the nft expressions that pick and record its real server,
/// and the text of its keys and elements. Made only for services nft can carry out; anything else is a
/// <see cref="DataplaneException"/> naming the service and why (validation refuses these before they get here, so
/// this is the last guard, for a state directory written by an older configuration).
/// </summary>
internal sealed class NftServiceShape
{
    // jhash needs a seed; a fixed one keeps a client's slot the same across agent restarts and rule rewrites.
    private const string HashSeed = "0x5049524e";

    private NftServiceShape(IpvsService service)
    {
        Service = service;
        Flow = FlowClass.Of(service.Key);
        Id = NftNames.ServiceId(service.Key);
    }

    /// <summary>The service.</summary>
    public IpvsService Service { get; }

    /// <summary>Its class.</summary>
    public FlowClass Flow { get; }

    /// <summary>Its id in object names.</summary>
    public string Id { get; }

    /// <summary>
    /// True when the ring (and persistence) name a port as well as an address: always for address services; for
    /// firewall-mark services only when their real servers have ports (port 0 keeps the packet's own).
    /// </summary>
    public bool WithPort => !Flow.IsMark || Service.Destinations.Any(d => d.Port != 0);

    /// <summary>The shape of <paramref name="service"/>, or a <see cref="DataplaneException"/> saying why nft cannot carry it out.</summary>
    public static NftServiceShape Of(IpvsService service)
    {
        if (Refusal(service) is { } why)
        {
            throw new DataplaneException($"{service.Key}: {why}");
        }
        return new NftServiceShape(service);
    }

    /// <summary>Why nft cannot carry <paramref name="service"/> out, or null when it can.</summary>
    public static string? Refusal(IpvsService service)
    {
        if (!NftablesLimits.Schedulers.Contains(service.Scheduler))
        {
            return $"scheduler {service.Scheduler} is not done by the nftables dataplane (it needs live connection counts): {NftablesLimits.SchedulerList} are";
        }
        if (service.Destinations.FirstOrDefault(d => d.Address.AddressFamily != service.Key.Family) is { } other)
        {
            return $"real server {IpvsEndpoint.Format(other.Address, other.Port)} is not of the service's address family: NAT translates within one";
        }
        if (service.Destinations.FirstOrDefault(d => d.Forwarding != IpvsForwarding.Masquerade) is { } routed)
        {
            return $"real server {IpvsEndpoint.Format(routed.Address, routed.Port)}: {routed.Forwarding} forwarding is not done by the nftables dataplane, only NAT (masquerading)";
        }
        if (service.Destinations.FirstOrDefault(d => d.UpperThreshold != 0 || d.LowerThreshold != 0) is { } limited)
        {
            return $"real server {IpvsEndpoint.Format(limited.Address, limited.Port)}: connection thresholds need live connection counts, which the nftables dataplane does not keep";
        }
        var isMark = service.Key.Address is null;
        if (isMark && service.Destinations.Any(d => d.Port == 0) && service.Destinations.Any(d => d.Port != 0))
        {
            return "a firewall-mark service's real servers must all keep the packet's port (port 0) or all name one";
        }
        if (isMark && service.Destinations.GroupBy(d => d.Address).FirstOrDefault(g => g.Count() > 1) is { } shared)
        {
            return $"real server address {shared.Key} is used twice: a firewall-mark service counts its real servers by address";
        }
        if (service.PersistenceTimeout > 0 && service.Key.Family == AddressFamily.InterNetworkV6
            && service.Destinations.Select(d => d.Port).Distinct().Count() > 1)
        {
            return "an IPv6 persistent service's real servers must share one port on the nftables dataplane (it remembers a client's server by address)";
        }
        return null;
    }

    /// <summary>The protocol match a rule that translates ports needs before it: <c>meta l4proto tcp </c>, or empty.</summary>
    public string L4Context => Flow.Protocol is { } protocol ? $"meta l4proto {protocol} " : WithPort ? "meta l4proto { tcp, udp } " : "";

    /// <summary>The key of the service in its dispatch and counting maps: <c>tcp . 192.0.2.10 . 80</c> is the dispatch one.</summary>
    public string DispatchKey => Flow.IsMark ? Mark : $"{Flow.Protocol} . {Service.Key.Address} . {Port(Service.Key.Port)}";

    /// <summary>The service's key in its class's per-service counting sets and stick dispatch: <c>192.0.2.10 . 80</c> or the mark.</summary>
    public string ServiceKey => Flow.IsMark ? Mark : $"{Service.Key.Address} . {Port(Service.Key.Port)}";

    /// <summary>A real server's key in the class's per-server counting sets.</summary>
    public string DestinationKey(IpvsDestination destination) =>
        Flow.IsMark ? $"{Mark} . {destination.Address}" : $"{ServiceKey} . {destination.Address} . {Port(destination.Port)}";

    /// <summary>A real server as the ring and the weights map hold it: <c>10.0.0.1 . 8080</c>, or the address alone.</summary>
    public string RingValue(IpvsDestination destination) => WithPort ? $"{destination.Address} . {Port(destination.Port)}" : destination.Address.ToString();

    /// <summary>A real server's key in the weights map: as the ring holds it (a firewall mark's real servers without ports, by address).</summary>
    public string WeightKey(IpvsDestination destination) => RingValue(destination);

    /// <summary>The ring's declaration: integer slots to real servers.</summary>
    public string RingType(int size) => $"typeof numgen inc mod {size} : {Flow.Ip} daddr{(WithPort ? $" . {PortExpression} dport" : "")}";

    /// <summary>The weights map's declaration.</summary>
    public string WeightsType => $"type {Flow.AddressType}{(WithPort ? " . inet_service" : "")} : mark";

    /// <summary>
    /// The match of a packet (on its way to a real server) whose real server is in the weights map, still one of the
    /// service's: <c>ip daddr . tcp dport @weights_ID</c>.
    /// </summary>
    public string ToCurrentServer => $"{Flow.Ip} daddr{(WithPort ? $" . {PortExpression} dport" : "")} @{NftNames.Weights(Id)}";

    /// <summary>The expression that picks a slot, by scheduler.</summary>
    public string SlotExpression(int size)
    {
        var port = (Service.SchedulerFlags & SchedulerCatalog.Sched2) != 0 ? " . th sport" : "";
        return Service.Scheduler switch
        {
            SchedulerNames.SourceHashing or SchedulerNames.MaglevHashing => $"jhash {Flow.Ip} saddr{port} mod {size} seed {HashSeed}",
            SchedulerNames.DestinationHashing => $"jhash {Flow.Ip} daddr mod {size} seed {HashSeed}",
            _ => $"numgen inc mod {size}",
        };
    }

    /// <summary>True when clients stick to their real server for <see cref="IpvsService.PersistenceTimeout"/> seconds.</summary>
    public bool Persistent => Service.PersistenceTimeout > 0;

    /// <summary>
    /// True when the persistence map remembers the port as well as the address. IPv6 persistence remembers the
    /// address only: libnftables 1.0.6 aborts on a map update whose value is an IPv6 address and a port.
    /// </summary>
    public bool StickyWithPort => WithPort && Flow.Family == AddressFamily.InterNetwork;

    /// <summary>The persistence map's declaration, with its timeout.</summary>
    public string StickyType => $"type {Flow.AddressType} : {Flow.AddressType}{(StickyWithPort ? " . inet_service" : "")}; " +
        $"flags dynamic,timeout; timeout {Service.PersistenceTimeout.ToString(CultureInfo.InvariantCulture)}s; size {StickyCapacity}";

    /// <summary>The most clients a persistence map remembers (nft's default is 65,535).</summary>
    public const int StickyCapacity = 1 << 20;

    /// <summary>The client's address masked by the persistence netmask: <c>ip saddr &amp; 255.255.255.0</c>.</summary>
    public string MaskedClient => $"{Flow.Ip} saddr & {Netmask(Flow.Family, Service.PersistencePrefix)}";

    /// <summary>
    /// What follows the persistence lookup in the dnat statement: for IPv6 with a port other than the service's,
    /// <c>:PORT</c> (all real servers share it; see <see cref="Refusal"/>).
    /// </summary>
    public string StickyPortSuffix =>
        WithPort && !StickyWithPort && Service.Destinations.FirstOrDefault() is { } first && first.Port != Service.Key.Port ? $":{Port(first.Port)}" : "";

    /// <summary>A real server as the persistence map holds it (the form <see cref="StickyValue"/> records).</summary>
    public string StickyValueOf(IpvsDestination destination) => StickyWithPort ? $"{destination.Address} . {Port(destination.Port)}" : destination.Address.ToString();

    /// <summary>What the stick chain records for a client: the real server the connection was translated to.</summary>
    public string StickyValue => $"{Flow.Ip} daddr{(StickyWithPort ? $" . {PortExpression} dport" : "")}";

    /// <summary>The rule comment that carries the service's settings, read back by <see cref="NftServiceState"/>.</summary>
    public string SettingsComment(int ringSize) => NftServiceSettings.Format(Service, ringSize);

    private string Mark => Service.Key.FirewallMark.ToString(CultureInfo.InvariantCulture);

    private string PortExpression => Flow.Protocol ?? "th";

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    // A prefix length as an address-shaped mask: 255.255.255.0, ffff:ffff:ffff:ffff::.
    private static IPAddress Netmask(AddressFamily family, int prefix)
    {
        var bytes = new byte[family == AddressFamily.InterNetwork ? 4 : 16];
        for (var bit = 0; bit < Math.Min(prefix, bytes.Length * 8); bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }
        return new IPAddress(bytes);
    }
}
