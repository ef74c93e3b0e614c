using PiranhaNet.Core.Importing;
using PiranhaNet.Core.Keepalived;

namespace PiranhaNet.Core.Tests.Keepalived;

public class KeepalivedParserTests
{
    [Fact]
    public void Parse_BothCommentStylesQuotesAndBraces_GivesStatementsWithPositions()
    {
        var result = KeepalivedParser.Parse("""
            ! a comment
            global_defs {   # another
               router_id "LVS one" ! trailing
            }
            virtual_server 192.0.2.10 80 { delay_loop 6 }
            """, "k.conf");

        Assert.Empty(result.Errors);
        Assert.Equal(["global_defs", "virtual_server"], result.Statements.Select(s => s.Name));
        var routerId = Assert.Single(result.Statements[0].Children);
        Assert.Equal("LVS one", Assert.Single(routerId.Arguments).Text);
        Assert.Equal(new FileLocation("k.conf", 3, 4), routerId.Location);
        Assert.Equal(["192.0.2.10", "80"], result.Statements[1].Arguments.Select(a => a.Text));
        Assert.Equal("delay_loop", Assert.Single(result.Statements[1].Children).Name);
    }

    [Theory]
    [InlineData("virtual_server 192.0.2.10 80 {\n  delay_loop 6\n", "k.conf:1:30: this '{' is never closed: a '}' is missing")]
    [InlineData("delay_loop 6\n}\n", "k.conf:2:1: '}' closes no block")]
    [InlineData("{\n}\n", "k.conf:1:1: '{' opens a block without a keyword before it")]
    [InlineData("router_id \"open\n", "k.conf:1:11: unterminated quoted string: a closing \" is missing on this line")]
    [InlineData("include\n", "k.conf:1:1: include takes one file name or pattern, got 0")]
    public void Parse_BrokenSyntax_NamesTheLineAndColumn(string text, string expected)
    {
        var result = KeepalivedParser.Parse(text, "k.conf");

        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Parse_IncludeWithGlob_ReadsMatchesInOrderRelativeToTheIncludingFile()
    {
        using var directory = new TempFiles();
        directory.Write("etc/keepalived.conf", "include conf.d/*.conf\nglobal_defs {\n}\n");
        directory.Write("etc/conf.d/b.conf", "virtual_server 192.0.2.11 80 {\n}\n");
        directory.Write("etc/conf.d/a.conf", "virtual_server 192.0.2.10 80 {\n}\ninclude ../more/{x,y}.conf\n");
        directory.Write("etc/more/y.conf", "vrrp_instance VI_1 {\n}\n");
        directory.Write("etc/conf.d/.hidden.conf", "broken {\n");
        var main = directory.Path("etc/keepalived.conf");

        var result = KeepalivedParser.Parse(File.ReadAllText(main), main, KeepalivedFileSystem.Instance);

        Assert.Empty(result.Errors);
        Assert.Equal(["virtual_server", "vrrp_instance", "virtual_server", "global_defs"], result.Statements.Select(s => s.Name));
        Assert.Equal("192.0.2.10", result.Statements[0].Arguments[0].Text);
        Assert.Equal(directory.Path("etc/more/y.conf"), Path.GetFullPath(result.Statements[1].Location.File));
        Assert.Equal(3, result.IncludedFiles.Count);
    }

    [Fact]
    public void Parse_MissingPlainInclude_IsAnErrorButAnEmptyGlobIsNot()
    {
        using var directory = new TempFiles();
        var main = directory.Write("keepalived.conf", "include nothing/*.conf\ninclude missing.conf\n");

        var result = KeepalivedParser.Parse(File.ReadAllText(main), main, KeepalivedFileSystem.Instance);

        Assert.Equal($"{main}:2:9: included file 'missing.conf' does not exist", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Parse_FilesIncludingEachOther_StopsWithAnError()
    {
        using var directory = new TempFiles();
        var main = directory.Write("a.conf", "include b.conf\n");
        directory.Write("b.conf", "include a.conf\n");

        var result = KeepalivedParser.Parse(File.ReadAllText(main), main, KeepalivedFileSystem.Instance);

        Assert.Equal($"{directory.Path("b.conf")}:1:9: include 'a.conf' includes {directory.Path("a.conf")}, which is already being read: the files include each other",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Parse_GlobThatMatchesItsOwnFile_ReadsEachOtherFileOnce()
    {
        using var directory = new TempFiles();
        var main = directory.Write("keepalived.conf", "include *.conf\n");
        directory.Write("web.conf", "virtual_server 192.0.2.10 80 {\n}\n");
        directory.Write("api.conf", "include *.conf\nvirtual_server 192.0.2.11 80 {\n}\n");

        var result = KeepalivedParser.Parse(File.ReadAllText(main), main, KeepalivedFileSystem.Instance);

        // keepalived.conf and api.conf each match their own glob: refused, and everything else read (web.conf twice,
        // once from each file that includes it) instead of an explosion of re-reads.
        Assert.Equal(3, result.Statements.Count);
        Assert.All(result.Errors, e => Assert.Contains("which is already being read", e.Message));
    }

    [Fact]
    public void Parse_DeeplyNestedBraces_IsAnErrorNotAStackOverflow()
    {
        var result = KeepalivedParser.Parse("a " + new string('{', 50_000), "k.conf");

        Assert.Equal("k.conf:1:67: blocks are nested more than 64 deep; the rest of the file is not read",
            Assert.Single(result.Errors, e => e.Message.Contains("nested", StringComparison.Ordinal)).ToString());
    }

    [Theory]
    [InlineData("unicast_peer {192.0.2.2}\n", "unicast_peer", "192.0.2.2")]
    [InlineData("real_server 10.0.0.1 80 {}\n", "real_server", null)]
    public void Parse_BracesTouchingAWord_AreStillBlocks(string text, string keyword, string? child)
    {
        var result = KeepalivedParser.Parse(text, "k.conf");

        Assert.Empty(result.Errors);
        var statement = Assert.Single(result.Statements);
        Assert.Equal(keyword, statement.Name);
        Assert.NotNull(statement.Block);
        Assert.Equal(child, statement.Children.SingleOrDefault()?.Name);
    }

    [Theory]
    [InlineData("a{b,c}d", new[] { "abd", "acd" })]
    [InlineData("{x,y/{1,2}}.conf", new[] { "x.conf", "y/1.conf", "y/2.conf" })]
    [InlineData("plain.conf", new[] { "plain.conf" })]
    public void ExpandBraces_CshStyle_ListsEveryAlternative(string pattern, string[] expected) =>
        Assert.Equal(expected, KeepalivedGlob.ExpandBraces(pattern));

    [Theory]
    [InlineData("*.conf", "web.conf", true)]
    [InlineData("*.conf", ".web.conf", false)]
    [InlineData("web?.conf", "web1.conf", true)]
    [InlineData("web[0-9].conf", "webx.conf", false)]
    [InlineData("web[!0-9].conf", "webx.conf", true)]
    public void Matches_GlobPart_AsGlobDoes(string pattern, string name, bool expected) =>
        Assert.Equal(expected, KeepalivedGlob.Matches(pattern, name));
}
