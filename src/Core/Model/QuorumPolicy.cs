using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Model;

/// <summary>Whether a director that hears fewer than a majority of the cluster's directors gives up its groups (<c>quorum</c>).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<QuorumPolicy>))]
public enum QuorumPolicy
{
    /// <summary>On for three directors or more; off for a pair, which cannot form a majority without both.</summary>
    Auto,

    /// <summary>Always: a director that does not hear a majority (itself included) releases every group it holds.</summary>
    On,

    /// <summary>Never: every director serves what it is elected for whatever it hears (a split brain is then possible).</summary>
    Off,
}
