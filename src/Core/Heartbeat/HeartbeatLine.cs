using PiranhaNet.Core.Importing;

namespace PiranhaNet.Core.Heartbeat;

/// <summary>A word of a Heartbeat file and where it stands.</summary>
public sealed record HeartbeatWord(string Text, FileLocation Location);

/// <summary>
/// One directive of ha.cf or one resource group of haresources: its words, with comments (<c>#</c> to the end of the
/// line) removed and lines ending in <c>\</c> joined to the next, as Heartbeat reads them.
/// </summary>
public sealed record HeartbeatLine(IReadOnlyList<HeartbeatWord> Words)
{
    /// <summary>The first word (the directive, or the preferred node).</summary>
    public string Name => Words[0].Text;

    /// <summary>Where the line starts.</summary>
    public FileLocation Location => Words[0].Location;

    /// <summary>The words after the first.</summary>
    public IReadOnlyList<HeartbeatWord> Arguments => [.. Words.Skip(1)];

    /// <summary>The non-empty lines of <paramref name="text"/>.</summary>
    public static IReadOnlyList<HeartbeatLine> Split(string text, string file)
    {
        var lines = new List<HeartbeatLine>();
        var words = new List<HeartbeatWord>();
        var raw = text.Split('\n');
        for (var number = 1; number <= raw.Length; number++)
        {
            var line = raw[number - 1].TrimEnd('\r');
            var comment = line.IndexOf('#');
            if (comment >= 0)
            {
                line = line[..comment];
            }
            var continued = line.TrimEnd().EndsWith('\\');
            if (continued)
            {
                line = line.TrimEnd()[..^1];
            }
            for (var i = 0; i < line.Length;)
            {
                if (char.IsWhiteSpace(line[i]))
                {
                    i++;
                    continue;
                }
                var start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i]))
                {
                    i++;
                }
                words.Add(new HeartbeatWord(line[start..i], new FileLocation(file, number, start + 1)));
            }
            if (!continued && words.Count > 0)
            {
                lines.Add(new HeartbeatLine([.. words]));
                words.Clear();
            }
        }
        if (words.Count > 0)
        {
            lines.Add(new HeartbeatLine([.. words]));
        }
        return lines;
    }
}
