using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Model;

/// <summary>The IPVS forwarding method for every virtual server (lvs.cf <c>network</c>).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<NetworkType>))]
public enum NetworkType
{
    /// <summary>Masquerading: the director rewrites addresses; real servers route back through it.</summary>
    Nat,
    /// <summary>Direct routing (gatewaying): real servers answer clients directly.</summary>
    Direct,
    /// <summary>IP-in-IP tunnelling to the real servers.</summary>
    Tunnel,
}
