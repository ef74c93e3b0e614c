using System.Text.Json;
using System.Text.Json.Serialization;
using PiranhaNet.Core.Ipvs;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Protocol;

/// <summary>
/// Source-generated metadata of the agent protocol. Senders write every property, so the generator's loss of
/// init-only defaults for missing properties (dotnet/runtime#84484) never applies to these messages.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(IPAddressJsonConverter)], UseStringEnumConverter = true, AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(AgentMessage))]
[JsonSerializable(typeof(List<VirtualServerConfig>))]
[JsonSerializable(typeof(List<RealServerConfig>))]
[JsonSerializable(typeof(List<FailoverServiceConfig>))]
[JsonSerializable(typeof(List<ClusterDirectorConfig>))]
[JsonSerializable(typeof(List<FailoverGroupConfig>))]
[JsonSerializable(typeof(List<GroupMemberConfig>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<IpvsServiceStatus>))]
[JsonSerializable(typeof(List<IpvsDestinationStatus>))]
[JsonSerializable(typeof(List<IpvsDestination>))]
[JsonSerializable(typeof(List<IpvsServiceKey>))]
[JsonSerializable(typeof(List<RealServerHealthStatus>))]
[JsonSerializable(typeof(List<HealthEvent>))]
[JsonSerializable(typeof(List<HeartbeatPathStatus>))]
[JsonSerializable(typeof(List<FailoverRecord>))]
[JsonSerializable(typeof(List<GroupStatus>))]
[JsonSerializable(typeof(List<ClusterPeerStatus>))]
[JsonSerializable(typeof(List<GroupChangeRecord>))]
[JsonSerializable(typeof(List<GroupMove>))]
public sealed partial class AgentProtocolJsonContext : JsonSerializerContext;
