using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiranhaNet.Core.Protocol;

/// <summary>Constants and encoding of the agent channel.</summary>
public static class AgentProtocol
{
    /// <summary>
    /// The version this build speaks. 2 added <see cref="ConfigureChangesMessage"/> and <see cref="ResendMessage"/>;
    /// 3 added <see cref="HeartbeatKeyMessage"/>, <see cref="MakeActiveMessage"/> and the redundancy status; 4 added
    /// <see cref="ClusterOperationsMessage"/> and the cluster in the status; 5 added the digest of the version in force to
    /// <see cref="HelloMessage"/>.
    /// </summary>
    public const int Version = 5;

    /// <summary>The first version whose agents understand <see cref="ConfigureChangesMessage"/>.</summary>
    public const int ChangesSince = 2;

    /// <summary>The first version whose agents take part in redundancy (<see cref="HeartbeatKeyMessage"/>, <see cref="MakeActiveMessage"/>).</summary>
    public const int RedundancySince = 3;

    /// <summary>The first version whose agents run failover groups (<see cref="ClusterOperationsMessage"/>).</summary>
    public const int ClusterSince = 4;

    /// <summary>The dashboard's WebSocket endpoint; agents authenticate with <c>Authorization: Bearer TOKEN</c>.</summary>
    public const string Path = "/agent/v1/connect";

    /// <summary>The WebSocket address of the agent endpoint on the dashboard at <paramref name="controller"/>.</summary>
    public static Uri ChannelUri(Uri controller) =>
        new UriBuilder(controller) { Scheme = controller.Scheme == "https" ? "wss" : "ws", Path = Path }.Uri;

    /// <summary>The UTF-8 JSON of a message.</summary>
    public static byte[] Encode(AgentMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, AgentProtocolJsonContext.Default.AgentMessage);

    // The type names of AgentMessage's derived types, read from its attributes so they are declared once.
    private static readonly HashSet<string> s_knownTypes =
        [.. typeof(AgentMessage).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (string)a.TypeDiscriminator!)];

    /// <summary>
    /// The message in <paramref name="utf8Json"/>. A type this build does not know comes back as a plain
    /// <see cref="AgentMessage"/> (to log and ignore); text that is not a message throws <see cref="JsonException"/>.
    /// </summary>
    public static AgentMessage Decode(ReadOnlySpan<byte> utf8Json)
    {
        var (type, version) = ReadEnvelope(utf8Json);
        if (type is null || !s_knownTypes.Contains(type))
        {
            return new AgentMessage { V = version };
        }
        return JsonSerializer.Deserialize(utf8Json, AgentProtocolJsonContext.Default.AgentMessage) ?? throw new JsonException("null message");
    }

    // The message's type and protocol version, read past every other value without building it: a configure
    // message carries the whole configuration, which is parsed once, by the deserializer, not twice.
    private static (string? Type, int Version) ReadEnvelope(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("an agent message is a JSON object");
        }
        string? type = null;
        var version = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isVersion = reader.ValueTextEquals("v"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            else if (isVersion && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v))
            {
                version = v;
            }
            else
            {
                reader.Skip();
            }
        }
        return (type, version);
    }
}
