using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiranhaNet.Core.Protocol;

/// <summary>Constants and encoding of the agent channel.</summary>
public static class AgentProtocol
{
    /// <summary>The version this build speaks.</summary>
    public const int Version = 1;

    /// <summary>The dashboard's WebSocket endpoint; agents authenticate with <c>Authorization: Bearer TOKEN</c>.</summary>
    public const string Path = "/agent/v1/connect";

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
        var reader = new Utf8JsonReader(utf8Json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("an agent message is a JSON object");
        }
        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !s_knownTypes.Contains(type.GetString()!))
        {
            return new AgentMessage { V = root.TryGetProperty("v", out var v) && v.TryGetInt32(out var version) ? version : 0 };
        }
        return root.Deserialize(AgentProtocolJsonContext.Default.AgentMessage) ?? throw new JsonException("null message");
    }
}
