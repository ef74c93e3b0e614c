using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Protocol;

/// <summary>Where a real server stands with its health checks.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<HealthState>))]
public enum HealthState
{
    /// <summary>Passing its checks; in the table at its configured weight.</summary>
    Up,

    /// <summary>Failed its checks: out of the table (or at weight 0 with quiesce_server).</summary>
    Down,

    /// <summary>Passing again, waiting out <c>reentry</c> before it goes back in.</summary>
    Entering,

    /// <summary>Back in, its weight doubling each interval up to the configured one.</summary>
    Ramping,

    /// <summary>Drained by the operator: weight 0, existing connections finish; still checked.</summary>
    Draining,

    /// <summary>In maintenance by the operator: out of the table and not checked.</summary>
    Maintenance,
}

/// <summary>One real server's health as its director sees it.</summary>
/// <param name="VirtualServer">The virtual server's name.</param>
/// <param name="RealServer">The real server's name.</param>
/// <param name="State">Up, down, entering or ramping.</param>
/// <param name="Weight">The weight it has in the table now (0 when out).</param>
/// <param name="Detail">The last check's result: the error while down ("connection refused", "HTTP 503"), else what was seen.</param>
/// <param name="Since">When it entered this state.</param>
/// <param name="ReentersAt">While entering: when it goes back into the table if it stays healthy.</param>
public sealed record RealServerHealthStatus(string VirtualServer, string RealServer, HealthState State, int Weight, string Detail, DateTimeOffset Since,
    DateTimeOffset? ReentersAt = null);
