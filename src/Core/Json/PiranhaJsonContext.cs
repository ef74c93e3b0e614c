using System.Text.Json;
using System.Text.Json.Serialization;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Json;

/// <summary>
/// Source-generated JSON metadata for the model: camelCase names, enums as camelCase strings.
/// The same shape is used by the HTTP API, the SQLite store and the command line's <c>convert --to json</c>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    WriteIndented = false)]
[JsonSerializable(typeof(LvsConfig))]
[JsonSerializable(typeof(GlobalSettingsConfig))]
[JsonSerializable(typeof(RedundancyConfig))]
[JsonSerializable(typeof(VirtualServerConfig))]
[JsonSerializable(typeof(RealServerConfig))]
[JsonSerializable(typeof(FailoverServiceConfig))]
[JsonSerializable(typeof(List<VirtualServerConfig>))]
[JsonSerializable(typeof(List<RealServerConfig>))]
[JsonSerializable(typeof(List<FailoverServiceConfig>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<ValidationError>))]
public sealed partial class PiranhaJsonContext : JsonSerializerContext
{
    // The options must repeat the attribute's settings: a context built from options uses only those.
    private static readonly Lazy<PiranhaJsonContext> s_indented = new(() => new PiranhaJsonContext(
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true, WriteIndented = true }));

    /// <summary>The same metadata with indented output, for files and the command line.</summary>
    public static PiranhaJsonContext Indented => s_indented.Value;
}
