using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Model;

/// <summary>The remote shell used to copy lvs.cf and run load monitors (lvs.cf <c>rsh_command</c>).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<RemoteShell>))]
public enum RemoteShell
{
    /// <summary>rsh (Piranha's default).</summary>
    Rsh,
    /// <summary>ssh.</summary>
    Ssh,
}
