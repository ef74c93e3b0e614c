using System.Globalization;
using System.Text;

namespace PiranhaNet.Core.Serialization;

/// <summary>The C escapes lvs.cf uses in quoted values (\n \r \t \\ \" \xHH), for showing and typing such text elsewhere.</summary>
public static class CEscapes
{
    /// <summary>The text with control characters, quotes and backslashes escaped.</summary>
    public static string Escape(string text)
    {
        var quoted = LvsText.Quote(text);
        return quoted[1..^1];
    }

    /// <summary>The text with escapes decoded; an unknown escape keeps its backslash (regexes like \. survive); a bad \x is kept as typed.</summary>
    public static string Unescape(string text) => TryUnescape(text, out var result, out _) ? result : text;

    /// <summary>Decodes escapes; false with the offset of the backslash when a \x lacks two hex digits.</summary>
    public static bool TryUnescape(string text, out string result, out int errorOffset)
    {
        var decoded = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                decoded.Append(text[i]);
                continue;
            }
            var next = text[i + 1];
            switch (next)
            {
                case 'n': decoded.Append('\n'); i++; break;
                case 'r': decoded.Append('\r'); i++; break;
                case 't': decoded.Append('\t'); i++; break;
                case '\\' or '"' or '\'': decoded.Append(next); i++; break;
                case 'x':
                    if (i + 3 >= text.Length || !byte.TryParse(text.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                    {
                        (result, errorOffset) = ("", i);
                        return false;
                    }
                    decoded.Append((char)b);
                    i += 3;
                    break;
                default:
                    // Unknown escapes stay as written: regular expressions such as "HTTP/1\.[01]" mean the backslash.
                    decoded.Append('\\');
                    break;
            }
        }
        (result, errorOffset) = (decoded.ToString(), -1);
        return true;
    }
}
