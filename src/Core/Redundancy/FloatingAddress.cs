using System.Net;

namespace PiranhaNet.Core.Redundancy;

/// <summary>
/// An address that belongs to whichever director is active: a virtual server's VIP, the NAT router address or
/// a failover service's address, on the device the configuration names.
/// </summary>
/// <param name="Device">The device as configured, alias included (<c>eth0:1</c>); the address goes on the part before the colon.</param>
/// <param name="Address">The address.</param>
/// <param name="Prefix">Its prefix length (from the netmask; a host route when none is given).</param>
/// <param name="Owner">What needs it, for logs and errors ("virtual server web", "the NAT router").</param>
public sealed record FloatingAddress(string Device, IPAddress Address, int Prefix, string Owner)
{
    /// <summary>The device the address is added to: <see cref="Device"/> without its alias.</summary>
    public string LinkDevice => Device.Split(':')[0];

    /// <summary>The label that keeps a Piranha alias visible in <c>ip addr</c> (IPv4 only), or null.</summary>
    public string? Label => Device.Contains(':') && Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? Device : null;

    /// <inheritdoc/>
    public override string ToString() => $"{Address}/{Prefix} on {Device} ({Owner})";
}

/// <summary>One heartbeat path: this director's address and the peer's on the public or private network.</summary>
/// <param name="Name">"public" or "private".</param>
/// <param name="Local">This director's address on the path.</param>
/// <param name="Peer">The peer's address on the path.</param>
public sealed record HeartbeatPath(string Name, IPAddress Local, IPAddress Peer);
