using System.Text;
using System.Text.RegularExpressions;

namespace PiranhaNet.Core.Keepalived;

/// <summary>glob(3) patterns for one path part, and csh brace expansion, as keepalived's <c>include</c> uses them.</summary>
public static class KeepalivedGlob
{
    // A pattern with more alternatives than this is refused rather than expanded (a brace bomb).
    private const int MaxAlternatives = 1024;

    /// <summary>Whether the part has <c>*</c>, <c>?</c> or <c>[</c>.</summary>
    public static bool HasWildcard(string part) => part.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>Whether <paramref name="name"/> matches the glob <paramref name="pattern"/> (one path part).</summary>
    public static bool Matches(string pattern, string name)
    {
        // glob does not let a wildcard match a leading dot.
        if (name.StartsWith('.') && !pattern.StartsWith('.'))
        {
            return false;
        }
        return Regex.IsMatch(name, ToRegex(pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>Every alternative of the csh brace expressions in <paramref name="pattern"/>, in order.</summary>
    public static IReadOnlyList<string> ExpandBraces(string pattern)
    {
        // Each brace pair is a level of recursion: a pattern that long or that nested is no file name.
        if (pattern.Length > 4096 || pattern.Count(c => c == '{') > 64)
        {
            throw new ArgumentException($"include pattern is longer than 4096 characters or has more than 64 brace expressions");
        }
        var open = pattern.IndexOf('{');
        var close = open < 0 ? -1 : MatchingBrace(pattern, open);
        if (close < 0)
        {
            return [pattern];
        }
        var prefix = pattern[..open];
        var suffixes = ExpandBraces(pattern[(close + 1)..]);
        var result = new List<string>();
        foreach (var choice in SplitTopLevel(pattern[(open + 1)..close]))
        {
            foreach (var inner in ExpandBraces(choice))
            {
                foreach (var suffix in suffixes)
                {
                    if (result.Count == MaxAlternatives)
                    {
                        throw new ArgumentException($"include pattern '{pattern}' expands to more than {MaxAlternatives} names");
                    }
                    result.Add(prefix + inner + suffix);
                }
            }
        }
        return result;
    }

    private static int MatchingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static List<string> SplitTopLevel(string body)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            depth += body[i] == '{' ? 1 : body[i] == '}' ? -1 : 0;
            if (body[i] == ',' && depth == 0)
            {
                parts.Add(body[start..i]);
                start = i + 1;
            }
        }
        parts.Add(body[start..]);
        return parts;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var end = c == '[' ? pattern.IndexOf(']', i + 2) : -1;
            if (c == '*')
            {
                regex.Append(".*");
            }
            else if (c == '?')
            {
                regex.Append('.');
            }
            else if (end > 0)
            {
                var set = pattern[(i + 1)..end];
                regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                i = end;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }
        return regex.Append('$').ToString();
    }
}
