using System.Net;
using System.Net.Sockets;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Ipvs;

/// <summary>
/// What identifies an IPVS service in the kernel: protocol, address and port, or a firewall mark (with the
/// address family). Value equality; addresses compare by value, so 2001:db8::1 equals 2001:0db8::1.
/// </summary>
public sealed record IpvsServiceKey
{
    /// <summary>A key from its parts; prefer <see cref="ForAddress"/> and <see cref="ForMark"/>. Public for serializers.</summary>
    public IpvsServiceKey(TransportProtocol protocol, IPAddress? address, int port, uint firewallMark, AddressFamily family)
    {
        Protocol = protocol;
        Address = address;
        Port = port;
        FirewallMark = firewallMark;
        Family = family;
    }

    /// <summary>TCP or UDP; for firewall-mark services the kernel ignores it.</summary>
    public TransportProtocol Protocol { get; }

    /// <summary>The virtual IP, or null for a firewall-mark service.</summary>
    public IPAddress? Address { get; }

    /// <summary>The virtual port (0 for a firewall-mark service).</summary>
    public int Port { get; }

    /// <summary>The firewall mark, or 0 for an address service.</summary>
    public uint FirewallMark { get; }

    /// <summary>IPv4 or IPv6.</summary>
    public AddressFamily Family { get; }

    /// <summary>A VIP:port service.</summary>
    public static IpvsServiceKey ForAddress(TransportProtocol protocol, IPAddress address, int port) =>
        new(protocol, address, port, 0, address.AddressFamily);

    /// <summary>A firewall-mark service.</summary>
    public static IpvsServiceKey ForMark(uint mark, AddressFamily family) => new(TransportProtocol.Tcp, null, 0, mark, family);

    /// <summary>ipvsadm's spelling: <c>TCP  192.0.2.10:80</c>, <c>UDP  [2001:db8::1]:53</c>, <c>FWM  80</c>.</summary>
    public override string ToString() => Address is null
        ? $"FWM  {FirewallMark}"
        : $"{Protocol.ToString().ToUpperInvariant()}  {IpvsEndpoint.Format(Address, Port)}";
}
