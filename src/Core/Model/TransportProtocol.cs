using System.Text.Json.Serialization;
using PiranhaNet.Core.Json;

namespace PiranhaNet.Core.Model;

/// <summary>The layer-4 protocol of a virtual server.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<TransportProtocol>))]
public enum TransportProtocol
{
    /// <summary>TCP.</summary>
    Tcp,
    /// <summary>UDP.</summary>
    Udp,
}
