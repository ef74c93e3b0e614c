using System.Text;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Serialization;

/// <summary>
/// Writes an <see cref="LvsConfig"/> as lvs.cf the way Piranha's GUI did: global keys, then failover blocks,
/// then virtual blocks; keys in Piranha's order; 5 spaces before virtual keys and 9 before server keys.
/// PiranhaNet-only settings go on <c># piranhanet:</c> comment lines, which Piranha ignores.
/// Output is deterministic, so writing what was read from a written file gives the same text.
/// </summary>
public static class LvsConfigWriter
{
    private const string BlockIndent = "     ";
    private const string ServerIndent = "         ";

    /// <summary>The lvs.cf text of <paramref name="config"/> (LF line endings).</summary>
    public static string Write(LvsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        WriteKeys(text, config, GlobalKeys.All, "");
        foreach (var director in config.Redundancy.Directors)
        {
            WriteExtensionBlock(text, "director", director.Name, director, ClusterKeys.Director);
        }
        foreach (var group in config.Redundancy.Groups)
        {
            WriteExtensionBlock(text, "group", group.Name, group, ClusterKeys.Group);
        }
        foreach (var fos in config.FailoverServices)
        {
            text.Append("failover ").Append(LvsText.Word(fos.Name)).Append(" {\n");
            WriteKeys(text, fos, FailoverServiceKeys.All, BlockIndent);
            text.Append("}\n");
        }
        foreach (var vs in config.VirtualServers)
        {
            text.Append("virtual ").Append(LvsText.Word(vs.Name)).Append(" {\n");
            WriteKeys(text, vs, VirtualServerKeys.All, BlockIndent);
            foreach (var rs in vs.RealServers)
            {
                text.Append(BlockIndent).Append("server ").Append(LvsText.Word(rs.Name)).Append(" {\n");
                WriteKeys(text, rs, RealServerKeys.All, ServerIndent);
                text.Append(BlockIndent).Append("}\n");
            }
            text.Append("}\n");
        }
        return text.ToString();
    }

    // A PiranhaNet block, header, keys and '}' each on a '# piranhanet:' line, which Piranha skips.
    private static void WriteExtensionBlock<T>(StringBuilder text, string keyword, string name, T model, IReadOnlyList<LvsKey<T>> keys)
    {
        var prefix = $"# {LvsConfigReader.ExtensionPrefix} ";
        text.Append(prefix).Append(keyword).Append(' ').Append(LvsText.Word(name)).Append(" {\n");
        foreach (var key in keys)
        {
            if (key.Write(model) is { } value)
            {
                text.Append(prefix).Append(BlockIndent).Append(key.Name).Append(" = ").Append(value).Append('\n');
            }
        }
        text.Append(prefix).Append("}\n");
    }

    private static void WriteKeys<T>(StringBuilder text, T model, IReadOnlyList<LvsKey<T>> keys, string indent)
    {
        // Piranha's keys first, extensions after them, so a Piranha user reads a familiar block.
        foreach (var key in keys.Where(k => !k.Extension))
        {
            if (key.Write(model) is { } value)
            {
                text.Append(indent).Append(key.Name).Append(" = ").Append(value).Append('\n');
            }
        }
        foreach (var key in keys.Where(k => k.Extension))
        {
            if (key.Write(model) is { } value)
            {
                text.Append(indent).Append("# ").Append(LvsConfigReader.ExtensionPrefix).Append(' ')
                    .Append(key.Name).Append(" = ").Append(value).Append('\n');
            }
        }
    }
}
