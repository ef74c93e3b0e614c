using System.Globalization;
using System.Text;

namespace PiranhaNet.Core.Keepalived;

/// <summary>keepalived.conf text: statements indented by block, words quoted where keepalived would split them.</summary>
internal sealed class KeepalivedTextBuilder
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>A comment line (keepalived's own '!').</summary>
    public void Comment(string text) => _text.Append('!').Append(text.Length > 0 ? " " + text : "").Append('\n');

    /// <summary>An empty line between sections.</summary>
    public void Blank() => _text.Append('\n');

    /// <summary>A statement: the keyword and its words, each quoted when it must be.</summary>
    public void Line(string keyword, params object[] words)
    {
        _text.Append(' ', _depth * 4).Append(keyword);
        foreach (var word in words)
        {
            _text.Append(' ').Append(Quote(Format(word)));
        }
        _text.Append('\n');
    }

    /// <summary>Opens a block after the statement; dispose the result to close it.</summary>
    public IDisposable Block(string keyword, params object[] words)
    {
        _text.Append(' ', _depth * 4).Append(keyword);
        foreach (var word in words)
        {
            _text.Append(' ').Append(Quote(Format(word)));
        }
        _text.Append(" {\n");
        _depth++;
        return new Closer(this);
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();

    /// <summary>
    /// Whether keepalived can hold <paramref name="text"/> in one word: a quoted string cannot span lines, and other
    /// control characters do not survive its reading.
    /// </summary>
    public static bool CanHold(string text) => !text.Any(c => (char.IsControl(c) && c != '\t') || c == '\u007f');

    /// <summary>A word as keepalived reads it back: quoted (with \" and \\) when it holds a space, quote, brace or comment sign.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\' or '{' or '}' or '#' or '!')
            ? word
            : "\"" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Format(object word) => word switch
    {
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => word.ToString() ?? "",
    };

    private sealed class Closer(KeepalivedTextBuilder builder) : IDisposable
    {
        public void Dispose()
        {
            builder._depth--;
            builder._text.Append(' ', builder._depth * 4).Append("}\n");
        }
    }
}
