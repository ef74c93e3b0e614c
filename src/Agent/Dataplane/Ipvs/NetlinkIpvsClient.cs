using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Interop;
using PiranhaNet.Agent.Netlink;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Agent.Dataplane.Ipvs;

/// <summary>
/// The kernel's IPVS table over generic netlink (family "IPVS", the interface ipvsadm uses): reads services and
/// destinations with their counters and rates, and adds, edits and deletes them one at a time. Constants are
/// linux/ip_vs.h's (<see cref="IpvsCommand"/> and its attribute enums); the director-wide settings are in
/// NetlinkIpvsClient.Settings.cs. Netlink errors are translated here, at the seam, into <see cref="DataplaneException"/>s
/// with the errno. Not thread-safe.
/// </summary>
internal sealed partial class NetlinkIpvsClient : IIpvsClient
{
    private const uint SchedulerFlagBits = SchedulerCatalog.AllSchedulerFlags;
    // Flags this client owns; the kernel's own (such as HASHED) are left alone and not reported.
    private const uint ManagedFlags = (uint)IpvsServiceFlags.Persistent | SchedulerFlagBits;

    private readonly GenericNetlink<IpvsCommand> _netlink;

    private NetlinkIpvsClient(GenericNetlink<IpvsCommand> netlink) => _netlink = netlink;

    /// <summary>Opens the kernel's IPVS family; a <see cref="DataplaneException"/> says why it cannot (no module, no permission).</summary>
    public static NetlinkIpvsClient Open() => Translate(() => new NetlinkIpvsClient(new GenericNetlink<IpvsCommand>(IpvsFamily.Name, IpvsFamily.Version)));

    /// <inheritdoc />
    public IReadOnlyList<IpvsServiceStatus> ReadStatus() => Translate<IReadOnlyList<IpvsServiceStatus>>(() =>
        [.. _netlink.Dump(_netlink.Request(IpvsCommand.GetService, dump: true)).Select(reply => ReadService(reply.Nested(IpvsCommandAttribute.Service)))]);

    /// <inheritdoc />
    public IpvsServiceStatus? ReadStatus(IpvsServiceKey key) => Translate(() =>
    {
        try
        {
            return _netlink.Ask(WriteKey(_netlink.Request(IpvsCommand.GetService, query: true), key)) is { } reply
                ? ReadService(reply.Nested(IpvsCommandAttribute.Service))
                : null;
        }
        catch (NetlinkException e) when (e.Is(Errno.NoSuchProcess))
        {
            return null;   // IPVS answers ESRCH for a service it does not have
        }
    });

    /// <inheritdoc />
    public void Apply(IpvsChange change) => Translate(() => _netlink.Execute(change.Kind switch
    {
        IpvsChangeKind.AddService => WriteService(_netlink.Request(IpvsCommand.NewService), change.Service),
        IpvsChangeKind.EditService => WriteService(_netlink.Request(IpvsCommand.SetService), change.Service),
        IpvsChangeKind.DeleteService => WriteKey(_netlink.Request(IpvsCommand.DeleteService), change.Service.Key),
        IpvsChangeKind.AddDestination => WriteDestination(_netlink.Request(IpvsCommand.NewDestination), change),
        IpvsChangeKind.EditDestination => WriteDestination(_netlink.Request(IpvsCommand.SetDestination), change),
        IpvsChangeKind.DeleteDestination => WriteDestination(_netlink.Request(IpvsCommand.DeleteDestination), change),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change.Kind, null),
    }));

    public void Dispose() => _netlink.Dispose();

    private static void Translate(Action call) => Translate(() =>
    {
        call();
        return true;
    });

    // The seam: what the netlink layer raises becomes the dataplane's exception, errno kept.
    private static T Translate<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SystemCallException e)
        {
            throw new DataplaneException(e.Message, e, e.Errno);
        }
    }

    private IpvsServiceStatus ReadService(NetlinkAttributes attributes)
    {
        var key = ReadKey(attributes);
        var destinations = _netlink.Dump(WriteKey(_netlink.Request(IpvsCommand.GetDestination, dump: true), key))
            .Select(d => ReadDestination(d.Nested(IpvsCommandAttribute.Destination)))
            .ToArray();
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(attributes.Bytes(IpvsServiceAttribute.Flags));
        var service = new IpvsService(key,
            attributes.String(IpvsServiceAttribute.SchedulerName),
            flags & SchedulerFlagBits,
            (flags & (uint)IpvsServiceFlags.Persistent) != 0 ? attributes.U32(IpvsServiceAttribute.Timeout) : 0,
            PrefixOf(attributes.U32(IpvsServiceAttribute.Netmask), key.Family),
            [.. destinations.Select(d => d.Destination)]);
        var (stats, rates) = ReadStats(attributes.Nested(IpvsServiceAttribute.Stats64));
        return new IpvsServiceStatus(service, stats, rates, [.. destinations]);
    }

    private static NetlinkMessageWriter WriteKey(NetlinkMessageWriter request, IpvsServiceKey key)
    {
        request.BeginNested(IpvsCommandAttribute.Service);
        WriteKeyAttributes(request, key);
        return request.EndNested();
    }

    private static void WriteKeyAttributes(NetlinkMessageWriter request, IpvsServiceKey key)
    {
        request.U16(IpvsServiceAttribute.AddressFamily, (ushort)LinuxAddressFamilies.Of(key.Family));
        if (key.Address is null)
        {
            request.U32(IpvsServiceAttribute.FirewallMark, key.FirewallMark);
            return;
        }
        request.U16(IpvsServiceAttribute.Protocol, (ushort)(key.Protocol == TransportProtocol.Udp ? ProtocolType.Udp : ProtocolType.Tcp))
            .Bytes(IpvsServiceAttribute.Address, AddressBytes(key.Address))
            .BigEndianU16(IpvsServiceAttribute.Port, (ushort)key.Port);
    }

    private static NetlinkMessageWriter WriteService(NetlinkMessageWriter request, IpvsService service)
    {
        var flags = service.SchedulerFlags | (service.PersistenceTimeout > 0 ? (uint)IpvsServiceFlags.Persistent : 0);
        // struct ip_vs_flags: the flags, then the mask of the flags being set.
        Span<byte> flagsAndMask = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flagsAndMask, flags);
        BinaryPrimitives.WriteUInt32LittleEndian(flagsAndMask[4..], ManagedFlags);
        request.BeginNested(IpvsCommandAttribute.Service);
        WriteKeyAttributes(request, service.Key);
        return request.String(IpvsServiceAttribute.SchedulerName, service.Scheduler)
            .Bytes(IpvsServiceAttribute.Flags, flagsAndMask)
            .U32(IpvsServiceAttribute.Timeout, service.PersistenceTimeout)
            .U32(IpvsServiceAttribute.Netmask, NetmaskOf(service.PersistencePrefix, service.Key.Family))
            .EndNested();
    }

    private static NetlinkMessageWriter WriteDestination(NetlinkMessageWriter request, IpvsChange change)
    {
        var destination = change.Destination!;
        WriteKey(request, change.Service.Key);
        request.BeginNested(IpvsCommandAttribute.Destination)
            .Bytes(IpvsDestinationAttribute.Address, AddressBytes(destination.Address))
            .BigEndianU16(IpvsDestinationAttribute.Port, (ushort)destination.Port)
            .U16(IpvsDestinationAttribute.AddressFamily, (ushort)LinuxAddressFamilies.Of(destination.Address.AddressFamily));
        if (change.Kind != IpvsChangeKind.DeleteDestination)
        {
            request.U32(IpvsDestinationAttribute.ForwardingMethod, (uint)ForwardingMethodOf(destination.Forwarding))
                .U32(IpvsDestinationAttribute.Weight, (uint)destination.Weight)
                .U32(IpvsDestinationAttribute.UpperThreshold, destination.UpperThreshold)
                .U32(IpvsDestinationAttribute.LowerThreshold, destination.LowerThreshold);
        }
        return request.EndNested();
    }

    private static IpvsServiceKey ReadKey(NetlinkAttributes attributes)
    {
        var family = LinuxAddressFamilies.ToManaged(attributes.U16(IpvsServiceAttribute.AddressFamily));
        if (attributes.Has(IpvsServiceAttribute.FirewallMark) && attributes.U32(IpvsServiceAttribute.FirewallMark) != 0)
        {
            return IpvsServiceKey.ForMark(attributes.U32(IpvsServiceAttribute.FirewallMark), family);
        }
        var protocol = attributes.U16(IpvsServiceAttribute.Protocol) == (ushort)ProtocolType.Udp ? TransportProtocol.Udp : TransportProtocol.Tcp;
        return IpvsServiceKey.ForAddress(protocol, ReadAddress(attributes.Bytes(IpvsServiceAttribute.Address), family),
            attributes.BigEndianU16(IpvsServiceAttribute.Port));
    }

    private static IpvsDestinationStatus ReadDestination(NetlinkAttributes attributes)
    {
        // Kernels before IPVS_DEST_ATTR_ADDR_FAMILY held destinations of the service's family only: IPv4 then.
        var family = attributes.Has(IpvsDestinationAttribute.AddressFamily)
            ? LinuxAddressFamilies.ToManaged(attributes.U16(IpvsDestinationAttribute.AddressFamily))
            : AddressFamily.InterNetwork;
        var destination = new IpvsDestination(
            ReadAddress(attributes.Bytes(IpvsDestinationAttribute.Address), family),
            attributes.BigEndianU16(IpvsDestinationAttribute.Port),
            ForwardingOf(attributes.U32(IpvsDestinationAttribute.ForwardingMethod)),
            (int)attributes.U32(IpvsDestinationAttribute.Weight),
            attributes.U32(IpvsDestinationAttribute.UpperThreshold),
            attributes.U32(IpvsDestinationAttribute.LowerThreshold));
        var (stats, rates) = ReadStats(attributes.Nested(IpvsDestinationAttribute.Stats64));
        return new IpvsDestinationStatus(destination, attributes.U32(IpvsDestinationAttribute.ActiveConnections),
            attributes.U32(IpvsDestinationAttribute.InactiveConnections), stats, rates);
    }

    private static (IpvsCounters, IpvsRates) ReadStats(NetlinkAttributes stats) => (
        new IpvsCounters(stats.U64(IpvsStatsAttribute.Connections), stats.U64(IpvsStatsAttribute.InPackets), stats.U64(IpvsStatsAttribute.OutPackets),
            stats.U64(IpvsStatsAttribute.InBytes), stats.U64(IpvsStatsAttribute.OutBytes)),
        new IpvsRates(stats.U64(IpvsStatsAttribute.ConnectionsPerSecond), stats.U64(IpvsStatsAttribute.InPacketsPerSecond),
            stats.U64(IpvsStatsAttribute.OutPacketsPerSecond), stats.U64(IpvsStatsAttribute.InBytesPerSecond), stats.U64(IpvsStatsAttribute.OutBytesPerSecond)));

    // The kernel keeps addresses in a 16-byte union (union nf_inet_addr); IPv4 uses the first 4 bytes.
    private static byte[] AddressBytes(IPAddress address)
    {
        var bytes = new byte[16];
        address.GetAddressBytes().CopyTo(bytes, 0);
        return bytes;
    }

    private static IPAddress ReadAddress(byte[] bytes, AddressFamily family) =>
        new(family == AddressFamily.InterNetworkV6 ? bytes.AsSpan(0, 16) : bytes.AsSpan(0, 4));

    // IPv4 persistence granularity travels as a netmask in network order, IPv6 as a prefix length.
    private static uint NetmaskOf(int prefix, AddressFamily family) => family == AddressFamily.InterNetworkV6
        ? (uint)prefix
        : BinaryPrimitives.ReverseEndianness(prefix == 0 ? 0u : uint.MaxValue << (32 - prefix));

    private static int PrefixOf(uint netmask, AddressFamily family) => family == AddressFamily.InterNetworkV6
        ? (int)netmask
        : System.Numerics.BitOperations.PopCount(netmask);

    private static IpvsForwardingMethod ForwardingMethodOf(IpvsForwarding forwarding) => forwarding switch
    {
        IpvsForwarding.Masquerade => IpvsForwardingMethod.Masquerade,
        IpvsForwarding.Tunnel => IpvsForwardingMethod.Tunnel,
        _ => IpvsForwardingMethod.DirectRoute,
    };

    private static IpvsForwarding ForwardingOf(uint code) => (IpvsForwardingMethod)(code & (uint)IpvsForwardingMethod.Mask) switch
    {
        IpvsForwardingMethod.Masquerade => IpvsForwarding.Masquerade,
        IpvsForwardingMethod.Tunnel => IpvsForwarding.Tunnel,
        _ => IpvsForwarding.Route,
    };
}
