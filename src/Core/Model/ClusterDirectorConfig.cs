namespace PiranhaNet.Core.Model;

/// <summary>
/// A director of the cluster beyond Piranha's primary and backup (PiranhaNet extension): its name, by which failover
/// groups list it, and its heartbeat addresses. Like the pair's directors, a director knows it is this one by holding
/// the public address.
/// </summary>
public sealed record ClusterDirectorConfig
{
    /// <summary>The director's name, unique among the cluster's directors (the pair's included).</summary>
    public required string Name { get; init; }

    /// <summary>The director's public address, on which it heartbeats (<c>address</c>).</summary>
    public string Address { get; init; } = "";

    /// <summary>A second, private heartbeat address, or null (<c>private</c>).</summary>
    public string? PrivateAddress { get; init; }
}
