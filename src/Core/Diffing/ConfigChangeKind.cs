namespace PiranhaNet.Core.Diffing;

/// <summary>What happened to one element or field between two configurations.</summary>
public enum ConfigChangeKind
{
    /// <summary>A virtual server, real server or failover service exists only in the newer configuration.</summary>
    Added,
    /// <summary>A virtual server, real server or failover service exists only in the older configuration.</summary>
    Removed,
    /// <summary>A field has another value.</summary>
    Changed,
}
