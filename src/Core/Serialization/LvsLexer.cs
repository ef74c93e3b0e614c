
namespace PiranhaNet.Core.Serialization;

/// <summary>
/// Splits one lvs.cf line into tokens. Words are separated by spaces or tabs; values may be quoted with
/// "..." (C escapes \n \r \t \\ \" \' \xHH; any other backslash is kept, so regexes like \. survive) or
/// '...' (literal). The first unquoted '=' is a token of its own even without spaces around it. An
/// unquoted '#' at the start of a word begins a comment.
/// </summary>
internal static class LvsLexer
{
    /// <summary>Tokenizes <paramref name="line"/>; <paramref name="columnOffset"/> is added to every column.</summary>
    /// <returns>Null on success, else the error's column and message.</returns>
    public static (int Column, string Message)? Tokenize(string line, int columnOffset, List<LvsToken> tokens)
    {
        var sawEquals = false;
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }
            if (i >= line.Length || line[i] == '#')
            {
                return null;
            }
            var start = i;
            var column = start + 1 + columnOffset;
            switch (line[i])
            {
                case '"' or '\'':
                    var quote = line[i];
                    var (text, end, error) = quote == '"' ? ReadDoubleQuoted(line, i + 1) : ReadSingleQuoted(line, i + 1);
                    if (error is not null)
                    {
                        return (error.Value.Offset + 1 + columnOffset, error.Value.Message);
                    }
                    if (end < 0)
                    {
                        return (column, $"quotation mismatch: the string starting here has no closing {quote}");
                    }
                    i = end + 1;
                    if (i < line.Length && line[i] is not (' ' or '\t' or '#'))
                    {
                        return (i + 1 + columnOffset, $"unexpected '{line[i]}' right after a closing quote; separate words with a space");
                    }
                    tokens.Add(new LvsToken(text, column, Quoted: true));
                    break;
                case '=' when !sawEquals:
                    sawEquals = true;
                    tokens.Add(new LvsToken("=", column, Quoted: false));
                    i++;
                    break;
                default:
                    while (i < line.Length && line[i] is not (' ' or '\t') && !(line[i] == '=' && !sawEquals))
                    {
                        i++;
                    }
                    tokens.Add(new LvsToken(line[start..i], column, Quoted: false));
                    break;
            }
        }
    }

    private static (string Text, int End, (int Offset, string Message)? Error) ReadDoubleQuoted(string line, int start)
    {
        // Find the closing quote (a backslash escapes the next character), then decode what lies between.
        var end = start;
        while (end < line.Length && line[end] != '"')
        {
            end += line[end] == '\\' ? 2 : 1;
        }
        if (end >= line.Length)
        {
            return ("", -1, null);
        }
        return CEscapes.TryUnescape(line[start..end], out var text, out var errorOffset)
            ? (text, end, null)
            : ("", -1, (start + errorOffset, "escape \\x needs two hex digits, e.g. \\x0d"));
    }

    private static (string Text, int End, (int Offset, string Message)? Error) ReadSingleQuoted(string line, int i)
    {
        var end = line.IndexOf('\'', i);
        return end < 0 ? ("", -1, null) : (line[i..end], end, null);
    }
}
