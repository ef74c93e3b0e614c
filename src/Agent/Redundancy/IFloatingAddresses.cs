using System.Net;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>
/// The addresses of this host's network devices, as <c>ip addr add/del</c> changes them: what an active director
/// adds for each virtual IP (and the NAT router address) and removes when it steps down. Refusals are
/// <see cref="FloatingAddressException"/>s. Not thread-safe: the redundancy loop alone uses it.
/// </summary>
internal interface IFloatingAddresses : IDisposable
{
    /// <summary>Adds <paramref name="address"/>/<paramref name="prefix"/> to <paramref name="device"/> with an alias label; already there is fine.</summary>
    void Add(string device, IPAddress address, int prefix, string? label = null);

    /// <summary>Removes <paramref name="address"/>/<paramref name="prefix"/> from <paramref name="device"/>; already gone is fine.</summary>
    void Remove(string device, IPAddress address, int prefix);

    /// <summary>The addresses <paramref name="device"/> holds now.</summary>
    IReadOnlyList<IPAddress> List(string device);
}
