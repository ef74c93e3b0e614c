using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>
/// How the keys and values of each of PiranhaNet's sets are laid out, and their decoding into the text the scripts
/// write. nf_tables concatenates the fields of a key each padded to 4 bytes; addresses and ports are in network byte
/// order, marks and slot numbers in the host's. The layout follows from the set's name (its role and class) or, for
/// a service's own ring and weights, from the lengths (4 or 16 bytes of address, with or without 4 of port).
/// </summary>
internal static class NftLayouts
{
    private enum Field
    {
        Protocol,
        Address4,
        Address6,
        Port,
        Number,
    }

    /// <summary>The element decoded, or null when its bytes do not fit the layout (not one PiranhaNet wrote).</summary>
    public static NftElement? Decode(string set, NftRawElement element)
    {
        var key = Parts(element.Key, KeyLayout(set, element.Key.Length));
        if (key is null)
        {
            return null;
        }
        string[]? value = null;
        if (element.Value is { } bytes)
        {
            value = Parts(bytes, ValueLayout(set, bytes.Length));
            if (value is null)
            {
                return null;
            }
        }
        return new NftElement(key, value, element.Jump, element.Counter);
    }

    private static Field[]? KeyLayout(string set, int length)
    {
        var family = set.EndsWith('6') ? Field.Address6 : Field.Address4;
        if (set.StartsWith("ring_", StringComparison.Ordinal))
        {
            return [Field.Number];
        }
        if (set.StartsWith("weights_", StringComparison.Ordinal))
        {
            return AddressAndPort(length) ?? Address(length);
        }
        if (set.StartsWith("sticky_", StringComparison.Ordinal))
        {
            return Address(length);
        }
        if (set.StartsWith("services", StringComparison.Ordinal) || set.StartsWith("masquerade", StringComparison.Ordinal) && !set.Contains("marks", StringComparison.Ordinal))
        {
            return [Field.Protocol, family, Field.Port];
        }
        if (set.StartsWith("marks", StringComparison.Ordinal) || set.StartsWith("masquerade_marks", StringComparison.Ordinal))
        {
            return [Field.Number];
        }
        var mark = set.Contains("fwm", StringComparison.Ordinal);
        var perService = set.StartsWith("svc_", StringComparison.Ordinal) || set.StartsWith("stick_", StringComparison.Ordinal);
        return (mark, perService) switch
        {
            (true, true) => [Field.Number],
            (true, false) => [Field.Number, family],
            (false, true) => [family, Field.Port],
            _ => [family, Field.Port, family, Field.Port],
        };
    }

    // A ring or a persistence map holds a real server, with or without its port; a weights map a number.
    private static Field[]? ValueLayout(string set, int length) =>
        set.StartsWith("ring_", StringComparison.Ordinal) || set.StartsWith("sticky_", StringComparison.Ordinal) ? AddressAndPort(length) ?? Address(length)
        : [Field.Number];

    private static Field[]? Address(int length) => length switch
    {
        4 => [Field.Address4],
        16 => [Field.Address6],
        _ => null,
    };

    private static Field[]? AddressAndPort(int length) => length switch
    {
        8 => [Field.Address4, Field.Port],
        20 => [Field.Address6, Field.Port],
        _ => null,
    };

    private static string[]? Parts(byte[] bytes, Field[]? layout)
    {
        if (layout is null || bytes.Length != layout.Sum(f => f == Field.Address6 ? 16 : 4))
        {
            return null;
        }
        var parts = new string[layout.Length];
        var at = 0;
        for (var i = 0; i < layout.Length; i++)
        {
            var size = layout[i] == Field.Address6 ? 16 : 4;
            var field = bytes.AsSpan(at, size);
            parts[i] = layout[i] switch
            {
                Field.Address4 or Field.Address6 => new IPAddress(field).ToString(),
                Field.Port => BinaryPrimitives.ReadUInt16BigEndian(field).ToString(CultureInfo.InvariantCulture),
                Field.Protocol => field[0] switch { 6 => "tcp", 17 => "udp", var other => other.ToString(CultureInfo.InvariantCulture) },
                _ => BitConverter.ToUInt32(field).ToString(CultureInfo.InvariantCulture),
            };
            at += size;
        }
        return parts;
    }
}
