using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Redundancy;

/// <summary>Which director of the pair this is (lvs.cf <c>primary</c> or <c>backup</c>).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<DirectorRole>))]
public enum DirectorRole : byte
{
    /// <summary>The primary director.</summary>
    Primary = 1,

    /// <summary>The backup director.</summary>
    Backup = 2,
}

/// <summary>What a director is doing about the virtual IPs.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<DirectorState>))]
public enum DirectorState : byte
{
    /// <summary>Holds the virtual IPs and forwards.</summary>
    Active = 1,

    /// <summary>Ready to take over; the table is loaded, the addresses are not.</summary>
    Standby = 2,

    /// <summary>Stopped by the operator.</summary>
    Stopped = 3,

    /// <summary>Cannot serve (a monitored link is down); hands over.</summary>
    Fault = 4,
}
