using PiranhaNet.Core.Importing;
namespace PiranhaNet.Core.Keepalived;

/// <summary>What a keepalived.conf token is: a word (quoted or not), a brace, or the end of a line.</summary>
public enum KeepalivedTokenKind
{
    /// <summary>A keyword or an argument; quotes are removed.</summary>
    Word,

    /// <summary><c>{</c>: the previous words' block starts.</summary>
    Open,

    /// <summary><c>}</c>: the current block ends.</summary>
    Close,

    /// <summary>A line ends (statements are one line each).</summary>
    EndOfLine,
}

/// <summary>One token of a keepalived.conf, with where it starts.</summary>
public readonly record struct KeepalivedToken(KeepalivedTokenKind Kind, string Text, FileLocation Location);
