using System.Net;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>What the redundancy loop reads of this host's network: its addresses (which tell its role) and carrier on a device.</summary>
internal interface INetworkDevices
{
    /// <summary>The addresses this host holds now, on every device.</summary>
    IReadOnlySet<IPAddress> LocalAddresses();

    /// <summary>Whether <paramref name="device"/> has carrier; a device that is down or missing has none.</summary>
    bool HasCarrier(string device);
}

/// <summary>This host's own network devices, as this thread's network namespace sees them.</summary>
internal sealed class HostNetworkDevices : INetworkDevices
{
    /// <inheritdoc />
    public IReadOnlySet<IPAddress> LocalAddresses() => NetworkDevice.LocalAddresses();

    /// <inheritdoc />
    public bool HasCarrier(string device) => NetworkDevice.HasCarrier(device);
}
