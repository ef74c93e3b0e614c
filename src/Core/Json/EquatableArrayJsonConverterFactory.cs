using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Json;

/// <summary>Reads and writes <see cref="EquatableArray{T}"/> as a plain JSON array.</summary>
public sealed class EquatableArrayJsonConverterFactory : JsonConverterFactory
{
    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(EquatableArray<>);

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var itemType = typeToConvert.GetGenericArguments()[0];
        return (JsonConverter)Activator.CreateInstance(typeof(EquatableArrayJsonConverter<>).MakeGenericType(itemType))!;
    }

    private sealed class EquatableArrayJsonConverter<T> : JsonConverter<EquatableArray<T>>
    {
        public override EquatableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return EquatableArray<T>.Empty;
            }
            var listInfo = (JsonTypeInfo<List<T>>)options.GetTypeInfo(typeof(List<T>));
            try
            {
                return new EquatableArray<T>(JsonSerializer.Deserialize(ref reader, listInfo) ?? []);
            }
            catch (JsonException e)
            {
                throw JsonErrorPath.Nest(e);
            }
        }

        public override void Write(Utf8JsonWriter writer, EquatableArray<T> value, JsonSerializerOptions options)
        {
            var itemInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            writer.WriteStartArray();
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, itemInfo);
            }
            writer.WriteEndArray();
        }
    }
}
