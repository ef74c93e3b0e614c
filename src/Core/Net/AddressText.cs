using System.Net.Sockets;
using System.Net;

namespace PiranhaNet.Core.Net;

/// <summary>Parses the address and netmask texts of the model, accepting only literal IPv4 and IPv6 addresses.</summary>
public static class AddressText
{
    /// <summary>Parses a literal IPv4 or IPv6 address (no host names, no zone ids, no short forms like <c>10.1</c>).</summary>
    public static bool TryParse(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || text.Contains('%'))
        {
            return false;
        }
        // IPAddress.Parse accepts "10.1" and "10" as IPv4 shorthands; an operator means a typo there.
        if (!text.Contains(':') && text.Split('.').Length != 4)
        {
            return false;
        }
        if (!IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }
        address = parsed;
        return true;
    }

    /// <summary>The length of a full address in bits: 128 for IPv6, 32 for IPv4.</summary>
    public static int MaxPrefix(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;

    /// <summary>
    /// Parses a netmask for the given address family into a prefix length: a dotted IPv4 mask with
    /// contiguous ones (<c>255.255.255.0</c>), or a prefix length with or without a slash (<c>24</c>, <c>/64</c>).
    /// </summary>
    public static bool TryParseNetmask(string? text, AddressFamily family, out int prefixLength)
    {
        prefixLength = -1;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var maxBits = MaxPrefix(family);
        var digits = text.StartsWith('/') ? text[1..] : text;
        if (digits.Length is > 0 and <= 3 && digits.All(char.IsAsciiDigit))
        {
            prefixLength = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            return prefixLength <= maxBits;
        }
        if (family != AddressFamily.InterNetwork || !TryParse(text, out var mask) || mask.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(mask.GetAddressBytes());
        var ones = System.Numerics.BitOperations.PopCount(bits);
        // Contiguous means the ones are all on the left: the mask equals ~0 shifted by the zero count.
        var expected = ones == 0 ? 0u : uint.MaxValue << (32 - ones);
        if (bits != expected)
        {
            return false;
        }
        prefixLength = ones;
        return true;
    }

    /// <summary>
    /// The model's netmask text for <paramref name="prefixLength"/> bits of an address of <paramref name="family"/>,
    /// as <see cref="TryParseNetmask"/> reads it back: dotted for IPv4 (<c>255.255.255.0</c>), the length for IPv6.
    /// </summary>
    public static string FormatNetmask(AddressFamily family, int prefixLength)
    {
        if (family != AddressFamily.InterNetwork)
        {
            return prefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var mask = prefixLength <= 0 ? 0u : uint.MaxValue << (32 - Math.Min(prefixLength, 32));
        return new IPAddress([(byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask]).ToString();
    }
}
