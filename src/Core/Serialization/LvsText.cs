using System.Globalization;
using System.Text;

namespace PiranhaNet.Core.Serialization;

/// <summary>Formats values the way the lvs.cf writer emits them; the lexer reads every form back.</summary>
internal static class LvsText
{
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "1" : "0";

    public static string Decimal(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>snake_case of an enum member (<c>SendExpect</c> gives <c>send_expect</c>).</summary>
    public static string EnumName<TEnum>(TEnum value) where TEnum : struct, Enum => EnumNames<TEnum>.Of[value];

    // Built once per enum type: the writer names a protocol and a load monitor for every virtual server.
    private static class EnumNames<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyDictionary<TEnum, string> Of = Enum.GetValues<TEnum>().ToDictionary(v => v, v => SnakeCase(v.ToString()));
    }

    public static string SnakeCase(string pascal)
    {
        var text = new StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    /// <summary>A bare word when it reads back unchanged, else a quoted string.</summary>
    public static string Word(string value) =>
        value.Length > 0 && value.All(c => c > ' ' && c is not ('"' or '\'' or '#' or '=' or '\\' or '{' or '}') && c < 0x7f)
            ? value
            : Quote(value);

    /// <summary>A double-quoted string with C escapes, as Piranha's GUI wrote send and expect.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\\': text.Append("\\\\"); break;
                case '"': text.Append("\\\""); break;
                case < ' ' or '\x7f': text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"); break;
                default: text.Append(c); break;
            }
        }
        return text.Append('"').ToString();
    }
}
