using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Core.Json;

/// <summary>
/// JSON settings for the model: camelCase names, enums as camelCase strings, nullable annotations enforced.
/// The same shape is used by the HTTP API, the SQLite store and <c>piranhanet convert --to json</c>.
/// </summary>
/// <remarks>
/// Reflection metadata rather than a source-generated context: the generator sets every init-only
/// property in its object initializer, so a field missing from the JSON became 0 or null instead of the
/// model's default (dotnet/runtime#84484). The metadata is built once per options instance and cached.
/// </remarks>
public static class PiranhaJson
{
    /// <summary>Compact options for storage and the API.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>Indented options for files and the command line.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>Applies the model's settings to options owned by someone else (ASP.NET Core's JSON options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        // Addresses as text: the directors' reports (routing tables) carry IPAddress, whose own properties cannot be written.
        options.Converters.Add(new IPAddressJsonConverter());
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
    }

    /// <summary>Serializes a configuration.</summary>
    public static string Serialize(LvsConfig config, bool indented = false) =>
        JsonSerializer.Serialize(config, indented ? Indented : Options);

    /// <summary>Deserializes a configuration; throws <see cref="JsonException"/> naming the JSON path on bad input.</summary>
    public static LvsConfig Deserialize(string json) =>
        JsonSerializer.Deserialize<LvsConfig>(json, Options) ?? throw new JsonException("expected a configuration object, found null");

    /// <summary>Deserializes a configuration from UTF-8, as a store keeps it, without making a string of it first.</summary>
    public static LvsConfig Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<LvsConfig>(utf8Json, Options) ?? throw new JsonException("expected a configuration object, found null");

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = indented };
        Configure(options);
        options.MakeReadOnly();
        return options;
    }
}
