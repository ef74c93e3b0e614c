using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Model;

/// <summary>What the cluster runs: IPVS virtual servers, or failover services on the directors themselves.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ServiceKind>))]
public enum ServiceKind
{
    /// <summary><c>service = lvs</c>: virtual servers balanced by IPVS.</summary>
    Lvs,
    /// <summary><c>service = fos</c>: services started on whichever director is active.</summary>
    Fos,
}
