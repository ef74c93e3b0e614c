using System.Net;

namespace PiranhaNet.Core.Importing;

/// <summary>
/// The model's form of an address's mask from a prefix length (<c>192.0.2.10/24</c>, as keepalived and Heartbeat
/// write it): dotted for IPv4, the prefix length itself for IPv6.
/// </summary>
public static class PrefixNetmask
{
    /// <summary>The mask of <paramref name="address"/>/<paramref name="prefix"/>, or null without a prefix.</summary>
    public static string? Of(string address, int? prefix)
    {
        if (prefix is not { } length || !IPAddress.TryParse(address, out var ip))
        {
            return null;
        }
        if (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var mask = length == 0 ? 0u : uint.MaxValue << (32 - Math.Min(length, 32));
        return new IPAddress([(byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask]).ToString();
    }
}
