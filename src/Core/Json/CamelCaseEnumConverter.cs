using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiranhaNet.Core.Json;

/// <summary>Writes an enum as a camelCase string (<c>"nat"</c>, <c>"sendExpect"</c>) and refuses numbers.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
