using PiranhaNet.Agent.Interop;

namespace PiranhaNet.Agent.Redundancy;

/// <summary>Facts about the network devices: an index, a hardware address, carrier, and the addresses this host holds.</summary>
internal static class NetworkDevice
{
    /// <summary>The device's index; Piranha's aliases (<c>eth0:1</c>) name the device before the colon.</summary>
    public static int IndexOf(string device)
    {
        var name = device.Split(':')[0];
        var index = Sys.InterfaceIndex(name);
        return index > 0 ? index : throw new FloatingAddressException($"there is no network device {name}");
    }

    /// <summary>
    /// The device's MAC, as the kernel lists it to this thread's network namespace (not from sysfs, which shows
    /// the namespace it was mounted in).
    /// </summary>
    public static byte[] HardwareAddress(string device)
    {
        var name = device.Split(':')[0];
        var found = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name)
            ?? throw new FloatingAddressException($"there is no network device {name}");
        var mac = found.GetPhysicalAddress().GetAddressBytes();
        return mac.Length == 6 ? mac : throw new FloatingAddressException($"{name} has no Ethernet address to announce with");
    }

    /// <summary>The addresses this host holds now, on every device (what tells a director its role).</summary>
    public static IReadOnlySet<System.Net.IPAddress> LocalAddresses() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(device => device.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .ToHashSet();

    /// <summary>
    /// Whether the device has carrier. The kernel refuses to read carrier of a device that is administratively
    /// down (EINVAL), which counts as none; a device that does not exist has none either.
    /// </summary>
    public static bool HasCarrier(string device)
    {
        try
        {
            return File.ReadAllText($"/sys/class/net/{device.Split(':')[0]}/carrier").Trim() == "1";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
