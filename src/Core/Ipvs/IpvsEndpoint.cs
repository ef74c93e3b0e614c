using System.Net;
using System.Net.Sockets;

namespace PiranhaNet.Core.Ipvs;

/// <summary>An address and port, as ipvsadm prints them.</summary>
public static class IpvsEndpoint
{
    /// <summary><c>192.0.2.10:80</c> or <c>[2001:db8::1]:80</c>.</summary>
    public static string Format(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
