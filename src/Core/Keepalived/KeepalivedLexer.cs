using System.Text;
using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// Splits keepalived.conf text into words, braces and line ends as keepalived reads it: a comment starts with
/// <c>#</c> or <c>!</c> anywhere outside quotes and runs to the end of the line; a double-quoted string is one word
/// (with <c>\"</c> and <c>\\</c> inside); braces are tokens of their own, except inside a brace expression.
/// </summary>
public static class KeepalivedLexer
{
    /// <summary>The tokens of <paramref name="text"/>, and an error for each unterminated quoted string.</summary>
    public static IReadOnlyList<KeepalivedToken> Tokenize(string text, string file, ICollection<LvsParseError> errors)
    {
        var tokens = new List<KeepalivedToken>();
        var line = 1;
        var lineStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var at = new FileLocation(file, line, i - lineStart + 1);
            if (c == '\n')
            {
                tokens.Add(new(KeepalivedTokenKind.EndOfLine, "", at));
                line++;
                lineStart = ++i;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '#' or '!')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '"')
            {
                i = ReadQuoted(text, i, at, tokens, errors);
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('#' or '!' or '"'))
                {
                    i++;
                }
                AddWord(text[start..i], at, tokens);
            }
        }
        return tokens;
    }

    // Braces are tokens of their own, also where they touch a word ("80{", "{192.0.2.2}"), but a word whose braces
    // pair up around a comma is a csh brace expression and stays whole ("conf.d/{a,b}.conf", which include expands).
    private static void AddWord(string word, FileLocation at, List<KeepalivedToken> tokens)
    {
        if (word.Contains(',') && word.Count(c => c == '{') == word.Count(c => c == '}') && word is not ("{" or "}"))
        {
            tokens.Add(new(KeepalivedTokenKind.Word, word, at));
            return;
        }
        var start = 0;
        for (var i = 0; i <= word.Length; i++)
        {
            if (i == word.Length || word[i] is '{' or '}')
            {
                if (i > start)
                {
                    tokens.Add(new(KeepalivedTokenKind.Word, word[start..i], at with { Column = at.Column + start }));
                }
                if (i < word.Length)
                {
                    tokens.Add(Brace(word[i], at with { Column = at.Column + i }));
                }
                start = i + 1;
            }
        }
    }

    private static KeepalivedToken Brace(char brace, FileLocation at) =>
        new(brace == '{' ? KeepalivedTokenKind.Open : KeepalivedTokenKind.Close, brace.ToString(), at);

    // A quoted word ends at the next unescaped quote on the same line; one left open is an error and ends at the line.
    private static int ReadQuoted(string text, int i, FileLocation at, List<KeepalivedToken> tokens, ICollection<LvsParseError> errors)
    {
        var word = new StringBuilder();
        i++;
        while (i < text.Length && text[i] is not ('"' or '\n'))
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
            {
                i++;
            }
            word.Append(text[i++]);
        }
        if (i < text.Length && text[i] == '"')
        {
            i++;
        }
        else
        {
            errors.Add(at.Error("unterminated quoted string: a closing \" is missing on this line"));
        }
        tokens.Add(new(KeepalivedTokenKind.Word, word.ToString(), at));
        return i;
    }
}
