using System.Net;
using System.Net.Sockets;
using PiranhaNet.Agent.Interop;
using PiranhaNet.Agent.Netlink;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// The live connections of the nftables dataplane's services, from the kernel's conntrack table over ctnetlink (the
/// interface the conntrack tool uses): every connection whose destination was translated, counted by the service it
/// was made to (its original destination, or its mark for firewall-mark services) and the real server it went to (its
/// reply's source). Active, as ipvsadm counts them, means an established TCP connection; the rest (opening, closing,
/// and every UDP flow) are inactive. Not thread-safe.
/// </summary>
internal sealed class ConntrackTable : IDisposable
{
    private readonly NetlinkConversation _netlink;

    private ConntrackTable(NetlinkConversation netlink) => _netlink = netlink;

    /// <summary>Opens ctnetlink in the calling thread's network namespace.</summary>
    public static ConntrackTable Open()
    {
        try
        {
            return new ConntrackTable(new NetlinkConversation(NetlinkProtocol.Netfilter, Ctnetlink.HeaderLength));
        }
        catch (SystemCallException e)
        {
            throw new DataplaneException($"conntrack cannot be read: {e.Message}", e, e.Errno);
        }
    }

    /// <summary>Counts every translated connection of both families now.</summary>
    public ConnectionCounts Read()
    {
        var counts = new ConnectionCounts();
        try
        {
            foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
            {
                // nfgenmsg: the family to dump, NFNETLINK_V0, resource id 0.
                byte[] header = [(byte)(family == AddressFamily.InterNetwork ? 2 : 10), 0, 0, 0];
                var request = new NetlinkMessageWriter(Ctnetlink.GetConnections, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump, _netlink.NextSequence(), header);
                _netlink.Dump(request.ToArray(), reply => Count(reply.Attributes, counts));
            }
        }
        catch (Exception e) when (e is NetlinkException or SystemCallException)
        {
            throw new DataplaneException($"reading conntrack failed: {e.Message}", e);
        }
        return counts;
    }

    private static void Count(NetlinkAttributes connection, ConnectionCounts counts)
    {
        if ((connection.BigEndianU32OrZero(ConntrackAttribute.Status) & Ctnetlink.StatusDestinationNat) == 0)
        {
            return;
        }
        var original = connection.Nested(ConntrackAttribute.TupleOriginal);
        var reply = connection.Nested(ConntrackAttribute.TupleReply);
        var (service, serviceProtocol, protocolNumber) = Endpoint(original, source: false);
        var (server, _, _) = Endpoint(reply, source: true);
        var active = protocolNumber == Ctnetlink.ProtocolTcp && connection.Has(ConntrackAttribute.ProtocolInfo)
            && connection.Nested(ConntrackAttribute.ProtocolInfo) is var info && info.Has(ConntrackProtocolInfoAttribute.Tcp)
            && info.Nested(ConntrackProtocolInfoAttribute.Tcp).Bytes(ConntrackProtocolInfoAttribute.TcpState) is [Ctnetlink.TcpEstablished];
        if (serviceProtocol is { } protocol)
        {
            counts.Add(IpvsServiceKey.ForAddress(protocol, service.Address, service.Port), server.Address, server.Port, active);
        }
        var mark = connection.BigEndianU32OrZero(ConntrackAttribute.Mark);
        if (mark != 0)
        {
            counts.Add(IpvsServiceKey.ForMark(mark, server.Address.AddressFamily), server.Address, null, active);
        }
    }

    // A tuple's address (source or destination) and port, with its protocol when it is TCP or UDP.
    private static (IPEndPoint EndPoint, TransportProtocol? Protocol, byte Number) Endpoint(NetlinkAttributes tuple, bool source)
    {
        var addresses = tuple.Nested(ConntrackTupleAttribute.Addresses);
        var address = addresses.Has(ConntrackAddressAttribute.V4Source)
            ? new IPAddress(addresses.Bytes(source ? ConntrackAddressAttribute.V4Source : ConntrackAddressAttribute.V4Destination))
            : new IPAddress(addresses.Bytes(source ? ConntrackAddressAttribute.V6Source : ConntrackAddressAttribute.V6Destination));
        var protocol = tuple.Nested(ConntrackTupleAttribute.Protocol);
        var number = protocol.Bytes(ConntrackProtocolAttribute.Number) is [var n] ? n : (byte)0;
        var portAttribute = source ? ConntrackProtocolAttribute.SourcePort : ConntrackProtocolAttribute.DestinationPort;
        var port = protocol.Has(portAttribute) ? protocol.BigEndianU16(portAttribute) : 0;
        TransportProtocol? kind = number switch { 6 => TransportProtocol.Tcp, 17 => TransportProtocol.Udp, _ => null };
        return (new IPEndPoint(address, port), kind, number);
    }

    public void Dispose() => _netlink.Dispose();
}

/// <summary>Active and inactive connections by service and real server, from one read of conntrack.</summary>
internal sealed class ConnectionCounts
{
    private readonly Dictionary<(IpvsServiceKey, IPAddress, int?), (uint Active, uint Inactive)> _counts = [];

    /// <summary>Counts one connection; a firewall-mark service's real servers are counted by address (port null).</summary>
    public void Add(IpvsServiceKey service, IPAddress server, int? port, bool active)
    {
        var key = (service, server, port);
        var (a, i) = _counts.GetValueOrDefault(key);
        _counts[key] = active ? (a + 1, i) : (a, i + 1);
    }

    /// <summary>The connections of <paramref name="service"/> to <paramref name="destination"/>.</summary>
    public (uint Active, uint Inactive) Of(IpvsServiceKey service, IpvsDestination destination) =>
        _counts.GetValueOrDefault((service, destination.Address, service.Address is null ? null : destination.Port));
}
