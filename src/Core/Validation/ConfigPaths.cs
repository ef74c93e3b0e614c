namespace PiranhaNet.Core.Validation;

/// <summary>Builds the field paths that validation errors, diffs and the lvs.cf position map share.</summary>
public static class ConfigPaths
{
    /// <summary><c>global</c>.</summary>
    public const string Global = "global";

    /// <summary><c>redundancy</c>.</summary>
    public const string Redundancy = "redundancy";

    /// <summary><c>service</c>.</summary>
    public const string Service = "service";

    /// <summary><c>virtualServers[name]</c>.</summary>
    public static string VirtualServer(string name) => $"virtualServers[{name}]";

    /// <summary><c>virtualServers[vs].realServers[rs]</c>.</summary>
    public static string RealServer(string virtualServer, string realServer) => $"{VirtualServer(virtualServer)}.realServers[{realServer}]";

    /// <summary><c>failoverServices[name]</c>.</summary>
    public static string FailoverService(string name) => $"failoverServices[{name}]";

    /// <summary><c>redundancy.directors[name]</c>: a director beyond the pair.</summary>
    public static string ClusterDirector(string name) => $"{Redundancy}.directors[{name}]";

    /// <summary><c>redundancy.groups[name]</c>.</summary>
    public static string FailoverGroup(string name) => $"{Redundancy}.groups[{name}]";

    /// <summary><c>parent.field</c>.</summary>
    public static string Field(string parent, string field) => $"{parent}.{field}";

    /// <summary>
    /// The enclosing path: <c>a[x].b</c> gives <c>a[x]</c>, <c>a[x]</c> gives <c>a</c> (the list), <c>a</c> gives null.
    /// Used to fall back to the nearest element that has a source position.
    /// </summary>
    public static string? Parent(string path)
    {
        if (path.EndsWith(']'))
        {
            var open = path.LastIndexOf('[');
            return open > 0 ? path[..open] : null;
        }
        // The last '.' outside brackets: names inside [...] may contain dots.
        var depth = 0;
        for (var i = path.Length - 1; i >= 0; i--)
        {
            switch (path[i])
            {
                case ']': depth++; break;
                case '[': depth--; break;
                case '.' when depth == 0: return path[..i];
            }
        }
        return null;
    }
}
