namespace PiranhaNet.Core.Keepalived;

/// <summary>The configuration files PiranhaNet reads.</summary>
public enum ConfigFileFormat
{
    /// <summary>Piranha's lvs.cf (<c>key = value</c> lines and named blocks).</summary>
    LvsCf,

    /// <summary>keepalived.conf (keyword lines and <c>{ }</c> blocks, no <c>=</c>).</summary>
    Keepalived,
}

/// <summary>Tells an lvs.cf from a keepalived.conf by its first statement.</summary>
public static class ConfigFileFormatDetector
{
    /// <summary>
    /// lvs.cf's first statement is <c>key = value</c> or one of its blocks (<c>virtual NAME {</c>,
    /// <c>failover NAME {</c>); anything else (keepalived's sections never hold '=') is keepalived.conf. An empty
    /// file is an (empty) lvs.cf.
    /// </summary>
    public static ConfigFileFormat Detect(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }
            var first = line.Split([' ', '\t', '{'], 2)[0];
            return line.Contains('=') || first is "virtual" or "failover" ? ConfigFileFormat.LvsCf : ConfigFileFormat.Keepalived;
        }
        return ConfigFileFormat.LvsCf;
    }
}
