namespace PiranhaNet.Core.Validation;

/// <summary>
/// Where a field is, as <see cref="ConfigPaths"/> writes it, but only written out when an error needs it:
/// validation visits every field of thousands of servers on every save and every apply, and nearly all of
/// them are fine. Strings convert to it for paths that are built already.
/// </summary>
internal readonly struct FieldPath
{
    private readonly string? _built;
    private readonly string? _virtualServer;
    private readonly string? _realServer;
    private readonly string? _field;

    private FieldPath(string? built, string? virtualServer, string? realServer, string? field) =>
        (_built, _virtualServer, _realServer, _field) = (built, virtualServer, realServer, field);

    /// <summary><c>virtualServers[vs].field</c>.</summary>
    public static FieldPath OfVirtualServer(string virtualServer, string field) => new(null, virtualServer, null, field);

    /// <summary><c>virtualServers[vs].realServers[rs].field</c>.</summary>
    public static FieldPath OfRealServer(string virtualServer, string realServer, string field) => new(null, virtualServer, realServer, field);

    public static implicit operator FieldPath(string path) => new(path, null, null, null);

    /// <summary>The path text.</summary>
    public override string ToString() => _built
        ?? ConfigPaths.Field(_realServer is null ? ConfigPaths.VirtualServer(_virtualServer!) : ConfigPaths.RealServer(_virtualServer!, _realServer), _field!);
}
