using System.Globalization;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Serialization;

/// <summary>
/// The value part of one <c>key = value</c> statement with typed readers. Each reader throws
/// <see cref="LvsValueException"/> naming the key, the value and what was expected.
/// </summary>
/// <remarks>Reads tokens from <paramref name="start"/> on in the reader's reused token list; use it before the next line.</remarks>
internal sealed class LvsValue(string key, List<LvsToken> line, int start)
{
    private readonly ValueTokens tokens = new(line, start);

    public string Key { get; } = key;

    /// <summary>The only token; more than one is an error (values with spaces must be quoted).</summary>
    public LvsToken Single()
    {
        if (tokens.Count > 1)
        {
            throw new LvsValueException(tokens[1].Column,
                $"unexpected '{tokens[1].Text}' after the value of '{Key}'; quote values that contain spaces");
        }
        return tokens[0];
    }

    /// <summary>The text of the only token.</summary>
    public string Text() => Single().Text;

    /// <summary>One or two words: an address and an optional device (<c>address = 10.0.0.1 eth0:1</c>).</summary>
    public (string Address, string? Device) AddressAndDevice()
    {
        if (tokens.Count > 2)
        {
            throw new LvsValueException(tokens[2].Column, $"unexpected '{tokens[2].Text}' after the address and device of '{Key}'");
        }
        return (tokens[0].Text, tokens.Count == 2 ? tokens[1].Text : null);
    }

    public int Int() => (int)Integer(int.MinValue, int.MaxValue);

    public uint UInt() => (uint)Integer(0, uint.MaxValue);

    public bool Bool()
    {
        var token = Single();
        return token.Text switch
        {
            "1" => true,
            "0" => false,
            _ => throw new LvsValueException(token.Column, $"boolean expected for '{Key}': use 0 or 1, not '{token.Text}'"),
        };
    }

    public double Decimal()
    {
        var token = Single();
        if (token.Text.Length == 0 || !token.Text.All(c => char.IsAsciiDigit(c) || c == '.')
            || !double.TryParse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new LvsValueException(token.Column, $"number of seconds expected for '{Key}', e.g. 2 or 0.5, not '{token.Text}'");
        }
        return value;
    }

    /// <summary>A port number or a service name from <see cref="PortNames"/>; range is checked by validation.</summary>
    public int Port()
    {
        var token = Single();
        if (token.Text.Length > 0 && token.Text.All(char.IsAsciiDigit))
        {
            return Int();
        }
        return PortNames.Find(token.Text) ?? throw new LvsValueException(token.Column,
            $"unknown port name '{token.Text}' for '{Key}'; did you mean '{ClosestMatch.Find(token.Text, PortNames.Names)}'? (or give a number 1..65535)");
    }

    /// <summary>An enum member by its snake_case name (<c>nat</c>, <c>send_expect</c>).</summary>
    public TEnum Enum<TEnum>() where TEnum : struct, Enum
    {
        var token = Single();
        return EnumNames<TEnum>.ByName.TryGetValue(token.Text, out var value)
            ? value
            : throw new LvsValueException(token.Column, $"'{Key}' must be one of {string.Join(", ", EnumNames<TEnum>.ByName.Keys)}, not '{token.Text}'");
    }

    // Built once per enum type: the reader looks names up for every protocol, scheduler flag and network key.
    private static class EnumNames<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyDictionary<string, TEnum> ByName =
            System.Enum.GetValues<TEnum>().ToDictionary(LvsText.EnumName, v => v, StringComparer.Ordinal);
    }

    // The value's tokens: a window on the line's tokens without copying them.
    private readonly struct ValueTokens(List<LvsToken> line, int start)
    {
        public int Count => line.Count - start;

        public LvsToken this[int index] => line[start + index];
    }

    /// <summary>
    /// A failover group's members in one word, most preferred first: <c>lvs1:100,lvs2:50</c>, each a director's name
    /// and its priority (an integer; its range and uniqueness are validation's).
    /// </summary>
    public EquatableArray<GroupMemberConfig> Members()
    {
        var token = Single();
        var members = new List<GroupMemberConfig>();
        foreach (var item in token.Text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = item.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(item.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var priority))
            {
                throw new LvsValueException(token.Column, $"'{item}' in '{Key}' is not DIRECTOR:PRIORITY, e.g. lvs1:100");
            }
            members.Add(new GroupMemberConfig(item[..colon], priority));
        }
        return members.ToEquatableArray();
    }

    /// <summary>A comma-separated list in one word (<c>sh-fallback,sh-port</c>).</summary>
    public EquatableArray<string> List() =>
        Text().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToEquatableArray();

    private long Integer(long min, long max)
    {
        var token = Single();
        var text = token.Text;
        var digits = text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            throw new LvsValueException(token.Column, $"integer expected for '{Key}', not '{text}'");
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value > max)
        {
            throw new LvsValueException(token.Column, $"integer {text} for '{Key}' is too large (at most {max})");
        }
        if (value < min)
        {
            throw new LvsValueException(token.Column, $"integer {text} for '{Key}' is too small (at least {min})");
        }
        return value;
    }
}
