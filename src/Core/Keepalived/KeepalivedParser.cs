using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Core.Keepalived;

/// <summary>
/// Reads keepalived.conf text into statements, following <c>include</c> (and its variants) where it stands, as
/// keepalived does: a relative path is relative to the including file's directory, a wildcard that matches nothing
/// includes nothing, a plain path that does not exist is an error. Every syntax error is collected.
/// </summary>
public sealed class KeepalivedParser
{
    // Deeper than this, includes are refused (keepalived itself stops at 64 open files).
    private const int MaxIncludeDepth = 16;

    // Blocks nested deeper than this are refused: keepalived's deepest is four, and recursion must stay bounded.
    private const int MaxBlockDepth = 64;

    private static readonly HashSet<string> s_includeKeywords = new(StringComparer.Ordinal)
    {
        "include", "includer", "includem", "includew", "includeb", "includef",
    };

    private readonly IKeepalivedFiles _files;
    private readonly List<LvsParseError> _errors = [];
    private readonly List<string> _included = [];
    // The files being read, outermost first: one that includes itself, directly or not, is refused.
    private readonly List<string> _open = [];
    private int _blockDepth;

    private KeepalivedParser(IKeepalivedFiles files) => _files = files;

    /// <summary>What was read: the top-level statements, every file included, every error.</summary>
    public sealed record Result(IReadOnlyList<KeepalivedStatement> Statements, IReadOnlyList<string> IncludedFiles, IReadOnlyList<LvsParseError> Errors);

    /// <summary>Parses <paramref name="text"/>, the content of <paramref name="file"/>, with its includes from <paramref name="files"/>.</summary>
    public static Result Parse(string text, string file, IKeepalivedFiles? files = null)
    {
        var parser = new KeepalivedParser(files ?? NoKeepalivedFiles.Instance);
        var statements = parser.ParseFile(text, file, includeDepth: 0);
        return new Result(statements, parser._included, parser._errors);
    }

    private List<KeepalivedStatement> ParseFile(string text, string file, int includeDepth)
    {
        var tokens = KeepalivedLexer.Tokenize(text, file, _errors);
        var position = 0;
        _open.Add(FullPath(file));
        try
        {
            return ParseBlock(tokens, ref position, opener: null, file, includeDepth);
        }
        finally
        {
            _open.RemoveAt(_open.Count - 1);
        }
    }

    private static string FullPath(string file)
    {
        try
        {
            return Path.GetFullPath(file);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return file;
        }
    }

    private List<KeepalivedStatement> ParseNested(IReadOnlyList<KeepalivedToken> tokens, ref int position, KeepalivedToken opener, string file, int includeDepth)
    {
        if (_blockDepth >= MaxBlockDepth)
        {
            _errors.Add(opener.Location.Error($"blocks are nested more than {MaxBlockDepth} deep; the rest of the file is not read"));
            position = tokens.Count;
            return [];
        }
        _blockDepth++;
        try
        {
            return ParseBlock(tokens, ref position, opener, file, includeDepth);
        }
        finally
        {
            _blockDepth--;
        }
    }

    // Statements up to the '}' that closes opener (or the end of the file at the top).
    private List<KeepalivedStatement> ParseBlock(IReadOnlyList<KeepalivedToken> tokens, ref int position, KeepalivedToken? opener, string file, int includeDepth)
    {
        var statements = new List<KeepalivedStatement>();
        var words = new List<KeepalivedWord>();
        while (position < tokens.Count)
        {
            var token = tokens[position++];
            switch (token.Kind)
            {
                case KeepalivedTokenKind.Word:
                    words.Add(new KeepalivedWord(token.Text, token.Location));
                    break;
                case KeepalivedTokenKind.EndOfLine:
                    Finish(words, block: null, statements, file, includeDepth);
                    break;
                case KeepalivedTokenKind.Open when words.Count == 0:
                    _errors.Add(token.Location.Error("'{' opens a block without a keyword before it"));
                    ParseNested(tokens, ref position, token, file, includeDepth);
                    break;
                case KeepalivedTokenKind.Open:
                    var block = ParseNested(tokens, ref position, token, file, includeDepth);
                    Finish(words, block, statements, file, includeDepth);
                    break;
                case KeepalivedTokenKind.Close when opener is null:
                    _errors.Add(token.Location.Error("'}' closes no block"));
                    break;
                case KeepalivedTokenKind.Close:
                    Finish(words, block: null, statements, file, includeDepth);
                    return statements;
            }
        }
        Finish(words, block: null, statements, file, includeDepth);
        if (opener is { } open)
        {
            _errors.Add(open.Location.Error("this '{' is never closed: a '}' is missing"));
        }
        return statements;
    }

    private void Finish(List<KeepalivedWord> words, List<KeepalivedStatement>? block, List<KeepalivedStatement> statements, string file, int includeDepth)
    {
        if (words.Count == 0)
        {
            return;
        }
        var statement = new KeepalivedStatement(words[0], [.. words.Skip(1)], block);
        words.Clear();
        if (block is null && s_includeKeywords.Contains(statement.Name))
        {
            statements.AddRange(Include(statement, file, includeDepth));
        }
        else
        {
            statements.Add(statement);
        }
    }

    private List<KeepalivedStatement> Include(KeepalivedStatement include, string file, int includeDepth)
    {
        if (include.Arguments.Count != 1)
        {
            _errors.Add(include.Location.Error($"{include.Name} takes one file name or pattern, got {include.Arguments.Count}"));
            return [];
        }
        var pattern = include.Arguments[0];
        if (includeDepth >= MaxIncludeDepth)
        {
            _errors.Add(pattern.Location.Error($"include '{pattern.Text}' is nested more than {MaxIncludeDepth} deep: the files include each other"));
            return [];
        }
        IReadOnlyList<string> paths;
        try
        {
            paths = _files.Expand(pattern.Text, Path.GetDirectoryName(file) is { Length: > 0 } directory ? directory : ".");
        }
        catch (ArgumentException e)
        {
            _errors.Add(pattern.Location.Error(e.Message));
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            _errors.Add(pattern.Location.Error($"include '{pattern.Text}' cannot be listed: {e.Message}"));
            return [];
        }
        if (paths.Count == 0 && !KeepalivedGlob.HasWildcard(pattern.Text) && !pattern.Text.Contains('{'))
        {
            _errors.Add(pattern.Location.Error($"included file '{pattern.Text}' does not exist"));
        }
        var statements = new List<KeepalivedStatement>();
        foreach (var path in paths)
        {
            if (_open.Contains(FullPath(path), StringComparer.Ordinal))
            {
                _errors.Add(pattern.Location.Error($"include '{pattern.Text}' includes {path}, which is already being read: the files include each other"));
                continue;
            }
            string text;
            try
            {
                text = _files.Read(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _errors.Add(pattern.Location.Error($"included file '{path}' cannot be read: {e.Message}"));
                continue;
            }
            _included.Add(path);
            statements.AddRange(ParseFile(text, path, includeDepth + 1));
        }
        return statements;
    }
}
