using System.Net;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// Tells the neighbours on a link that an address now lives on this director's device, so they stop sending to the
/// old active director at once instead of when their neighbour entry expires. Refusals are <see cref="FloatingAddressException"/>s.
/// </summary>
internal interface INeighbourAnnouncer
{
    /// <summary>Announces <paramref name="address"/> on <paramref name="device"/>.</summary>
    void Announce(string device, IPAddress address);
}
