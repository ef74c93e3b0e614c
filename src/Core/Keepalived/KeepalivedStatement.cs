using PiranhaNet.Core.Importing;
namespace PiranhaNet.Core.Keepalived;

/// <summary>A word of a statement: its text (quotes removed) and where it stands.</summary>
public sealed record KeepalivedWord(string Text, FileLocation Location);

/// <summary>
/// One statement of a keepalived.conf: a line's first word (the keyword), the words after it and, when the line
/// opens a <c>{ }</c> block, the statements inside. In list blocks (<c>virtual_ipaddress</c>, <c>track_interface</c>)
/// each item is a statement whose keyword is the item itself.
/// </summary>
public sealed record KeepalivedStatement(KeepalivedWord Keyword, IReadOnlyList<KeepalivedWord> Arguments, IReadOnlyList<KeepalivedStatement>? Block)
{
    /// <summary>The keyword's text.</summary>
    public string Name => Keyword.Text;

    /// <summary>Where the statement starts.</summary>
    public FileLocation Location => Keyword.Location;

    /// <summary>The statements of its block, or none.</summary>
    public IReadOnlyList<KeepalivedStatement> Children => Block ?? [];
}
