using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Model;

/// <summary>How a real server (or a failover service) is checked.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<HealthCheckKind>))]
public enum HealthCheckKind
{
    /// <summary>TCP connect only (Piranha with a blank <c>send</c>); UDP services send nothing and expect nothing.</summary>
    Connect,
    /// <summary>Send a string and expect a reply (plain text or regex), over the service's protocol.</summary>
    SendExpect,
    /// <summary>Run <c>send_program</c> (with %h and %p replaced); its output is compared with <c>expect</c>, or exit code 0 means up.</summary>
    Program,
    /// <summary>HTTP GET with an expected status and optional body regex.</summary>
    Http,
    /// <summary>HTTPS GET with an expected status and optional body regex.</summary>
    Https,
}
