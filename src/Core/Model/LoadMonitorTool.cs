using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Model;

/// <summary>How Piranha's nanny read a real server's load average (lvs.cf <c>load_monitor</c>).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<LoadMonitorTool>))]
public enum LoadMonitorTool
{
    /// <summary>No load monitoring.</summary>
    None,
    /// <summary><c>uptime</c> run over rsh or ssh.</summary>
    Uptime,
    /// <summary><c>rup</c>.</summary>
    Rup,
    /// <summary><c>ruptime</c>.</summary>
    Ruptime,
}
