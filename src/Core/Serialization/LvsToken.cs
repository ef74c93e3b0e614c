namespace PiranhaNet.Core.Serialization;

/// <summary>One word of an lvs.cf line: its text (quotes removed, escapes decoded), 1-based column and whether it was quoted.</summary>
internal readonly record struct LvsToken(string Text, int Column, bool Quoted)
{
    /// <summary>True for an unquoted token with exactly this text (keywords and punctuation are never quoted).</summary>
    public bool Is(string text) => !Quoted && Text == text;
}
