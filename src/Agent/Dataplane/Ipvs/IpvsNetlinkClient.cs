using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Netlink;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Scheduling;

namespace PiranhaNet.Agent.Dataplane.Ipvs;

/// <summary>
/// The kernel's IPVS table over generic netlink (family "IPVS", the interface ipvsadm uses): reads services
/// and destinations with their counters and rates, and adds, edits and deletes them one at a time.
/// Constants are from linux/ip_vs.h; the director-wide settings are in IpvsNetlinkClient.Settings.cs. Not thread-safe.
/// </summary>
internal sealed partial class IpvsNetlinkClient : IDisposable
{
    private const byte NewService = 1, SetService = 2, DelService = 3, GetService = 4;
    private const byte NewDest = 5, SetDest = 6, DelDest = 7, GetDest = 8;
    private const ushort CommandService = 1, CommandDest = 2;
    private const ushort ServiceFamily = 1, ServiceProtocol = 2, ServiceAddress = 3, ServicePort = 4, ServiceMark = 5;
    private const ushort ServiceScheduler = 6, ServiceFlags = 7, ServiceTimeout = 8, ServiceNetmask = 9, ServiceStats64 = 12;
    private const ushort DestAddress = 1, DestPort = 2, DestForwarding = 3, DestWeight = 4, DestUpper = 5, DestLower = 6;
    private const ushort DestActive = 7, DestInactive = 8, DestFamily = 11, DestStats64 = 12;
    private const int NoSuchProcess = 3;   // ESRCH
    private const uint PersistentFlag = 0x1;
    private const uint SchedulerFlagBits = SchedulerCatalog.AllSchedulerFlags;
    // Flags this client owns; the kernel's own (such as HASHED, 0x2) are left alone and not reported.
    private const uint ManagedFlags = PersistentFlag | SchedulerFlagBits;

    private readonly GenericNetlink _netlink = new("IPVS", 1);

    /// <summary>Every service with its destinations, counters and rates.</summary>
    public IReadOnlyList<IpvsServiceStatus> ReadStatus() =>
        [.. _netlink.Dump(_netlink.Request(GetService, dump: true)).Select(reply => ReadService(reply.Nested(CommandService)))];

    /// <summary>One service with its destinations, or null when the kernel has no such service.</summary>
    public IpvsServiceStatus? ReadStatus(IpvsServiceKey key)
    {
        try
        {
            return _netlink.Ask(WriteKey(_netlink.Request(GetService, query: true), key)) is { } reply ? ReadService(reply.Nested(CommandService)) : null;
        }
        catch (NetlinkException e) when (e.Errno == NoSuchProcess)
        {
            return null;   // IPVS answers ESRCH for a service it does not have
        }
    }

    private IpvsServiceStatus ReadService(NetlinkAttributes attributes)
    {
        var key = ReadKey(attributes);
        var destinations = _netlink.Dump(WriteKey(_netlink.Request(GetDest, dump: true), key))
            .Select(d => ReadDestination(d.Nested(CommandDest)))
            .ToArray();
        var flags = ReadFlags(attributes);
        var service = new IpvsService(key,
            attributes.String(ServiceScheduler),
            flags & SchedulerFlagBits,
            (flags & PersistentFlag) != 0 ? attributes.U32(ServiceTimeout) : 0,
            PrefixOf(attributes.U32(ServiceNetmask), key.Family),
            [.. destinations.Select(d => d.Destination)]);
        var (stats, rates) = ReadStats(attributes.Nested(ServiceStats64));
        return new IpvsServiceStatus(service, stats, rates, [.. destinations]);
    }

    public void Apply(IpvsChange change)
    {
        var request = change.Kind switch
        {
            IpvsChangeKind.AddService => WriteService(_netlink.Request(NewService), change.Service),
            IpvsChangeKind.EditService => WriteService(_netlink.Request(SetService), change.Service),
            IpvsChangeKind.DeleteService => WriteKey(_netlink.Request(DelService), change.Service.Key),
            IpvsChangeKind.AddDestination => WriteDestination(_netlink.Request(NewDest), change),
            IpvsChangeKind.EditDestination => WriteDestination(_netlink.Request(SetDest), change),
            IpvsChangeKind.DeleteDestination => WriteDestination(_netlink.Request(DelDest), change),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change.Kind, null),
        };
        _netlink.Execute(request);
    }

    public void Dispose() => _netlink.Dispose();

    private static NetlinkMessageWriter WriteKey(NetlinkMessageWriter request, IpvsServiceKey key)
    {
        request.BeginNested(CommandService);
        WriteKeyAttributes(request, key);
        return request.EndNested();
    }

    private static void WriteKeyAttributes(NetlinkMessageWriter request, IpvsServiceKey key)
    {
        request.U16(ServiceFamily, (ushort)(key.Family == AddressFamily.InterNetworkV6 ? 10 : 2));
        if (key.Address is null)
        {
            request.U32(ServiceMark, key.FirewallMark);
            return;
        }
        request.U16(ServiceProtocol, (ushort)(key.Protocol == TransportProtocol.Udp ? ProtocolType.Udp : ProtocolType.Tcp))
            .Bytes(ServiceAddress, AddressBytes(key.Address))
            .BigEndianU16(ServicePort, (ushort)key.Port);
    }

    private static NetlinkMessageWriter WriteService(NetlinkMessageWriter request, IpvsService service)
    {
        var flags = service.SchedulerFlags | (service.PersistenceTimeout > 0 ? PersistentFlag : 0);
        Span<byte> flagsAndMask = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flagsAndMask, flags);
        BinaryPrimitives.WriteUInt32LittleEndian(flagsAndMask[4..], ManagedFlags);
        request.BeginNested(CommandService);
        WriteKeyAttributes(request, service.Key);
        return request.String(ServiceScheduler, service.Scheduler)
            .Bytes(ServiceFlags, flagsAndMask)
            .U32(ServiceTimeout, service.PersistenceTimeout)
            .U32(ServiceNetmask, NetmaskOf(service.PersistencePrefix, service.Key.Family))
            .EndNested();
    }

    private static NetlinkMessageWriter WriteDestination(NetlinkMessageWriter request, IpvsChange change)
    {
        var destination = change.Destination!;
        WriteKey(request, change.Service.Key);
        request.BeginNested(CommandDest)
            .Bytes(DestAddress, AddressBytes(destination.Address))
            .BigEndianU16(DestPort, (ushort)destination.Port)
            .U16(DestFamily, (ushort)(destination.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2));
        if (change.Kind != IpvsChangeKind.DeleteDestination)
        {
            request.U32(DestForwarding, ForwardingCode(destination.Forwarding))
                .U32(DestWeight, (uint)destination.Weight)
                .U32(DestUpper, destination.UpperThreshold)
                .U32(DestLower, destination.LowerThreshold);
        }
        return request.EndNested();
    }

    private static IpvsServiceKey ReadKey(NetlinkAttributes attributes)
    {
        var family = attributes.U16(ServiceFamily) == 10 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        if (attributes.Has(ServiceMark) && attributes.U32(ServiceMark) != 0)
        {
            return IpvsServiceKey.ForMark(attributes.U32(ServiceMark), family);
        }
        var protocol = attributes.U16(ServiceProtocol) == (ushort)ProtocolType.Udp ? TransportProtocol.Udp : TransportProtocol.Tcp;
        return IpvsServiceKey.ForAddress(protocol, ReadAddress(attributes.Bytes(ServiceAddress), family), attributes.BigEndianU16(ServicePort));
    }

    private static IpvsDestinationStatus ReadDestination(NetlinkAttributes attributes)
    {
        var family = attributes.Has(DestFamily) && attributes.U16(DestFamily) == 10 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var destination = new IpvsDestination(
            ReadAddress(attributes.Bytes(DestAddress), family),
            attributes.BigEndianU16(DestPort),
            ForwardingOf(attributes.U32(DestForwarding)),
            (int)attributes.U32(DestWeight),
            attributes.U32(DestUpper),
            attributes.U32(DestLower));
        var (stats, rates) = ReadStats(attributes.Nested(DestStats64));
        return new IpvsDestinationStatus(destination, attributes.U32(DestActive), attributes.U32(DestInactive), stats, rates);
    }

    private static (IpvsCounters, IpvsRates) ReadStats(NetlinkAttributes stats) => (
        new IpvsCounters(stats.U64(1), stats.U64(2), stats.U64(3), stats.U64(4), stats.U64(5)),
        new IpvsRates(stats.U64(6), stats.U64(7), stats.U64(8), stats.U64(9), stats.U64(10)));

    private static uint ReadFlags(NetlinkAttributes attributes) => BinaryPrimitives.ReadUInt32LittleEndian(attributes.Bytes(ServiceFlags));

    // The kernel keeps addresses in a 16-byte union; IPv4 uses the first 4 bytes.
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

    private static uint ForwardingCode(IpvsForwarding forwarding) => forwarding switch
    {
        IpvsForwarding.Masquerade => 0,
        IpvsForwarding.Tunnel => 2,
        _ => 3,
    };

    private static IpvsForwarding ForwardingOf(uint code) => (code & 7) switch
    {
        0 => IpvsForwarding.Masquerade,
        2 => IpvsForwarding.Tunnel,
        _ => IpvsForwarding.Route,
    };
}
