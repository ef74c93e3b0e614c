using System.Text;
using System.Text.RegularExpressions;

namespace PiranhaNet.Agent.Health;

/// <summary>
/// Piranha's <c>expect</c>: plain text the reply must contain, or with <c>use_regex</c> a regular expression it
/// must match. Replies are bytes; they are read as Latin-1 so every byte is one character, as nanny compared them.
/// </summary>
internal sealed class ExpectedText(string expect, bool regex)
{
    private static readonly TimeSpan s_regexLimit = TimeSpan.FromMilliseconds(100);
    private readonly Regex? _regex = regex ? new Regex(expect, RegexOptions.CultureInvariant, s_regexLimit) : null;

    /// <summary>Whether <paramref name="reply"/> satisfies the expectation.</summary>
    public bool IsIn(string reply)
    {
        try
        {
            return _regex?.IsMatch(reply) ?? reply.Contains(expect, StringComparison.Ordinal);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The mismatch as an operator reads it: what was expected and the first bytes received, escaped.</summary>
    public string Mismatch(string reply) => $"expected '{expect}', got '{Excerpt(reply)}'";

    /// <summary>Bytes as Latin-1 text.</summary>
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static string Excerpt(string reply)
    {
        var shown = new StringBuilder();
        foreach (var c in reply.Take(40))
        {
            shown.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                < ' ' or > '~' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return reply.Length > 40 ? shown + "..." : shown.ToString();
    }
}
