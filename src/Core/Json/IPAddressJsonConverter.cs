using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiranhaNet.Core.Json;

/// <summary>Writes an IP address as its text ("192.0.2.10", "2001:db8::1").</summary>
public sealed class IPAddressJsonConverter : JsonConverter<IPAddress>
{
    /// <inheritdoc />
    public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IPAddress.TryParse(reader.GetString(), out var address) ? address : throw new JsonException($"'{reader.GetString()}' is not an IP address");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
