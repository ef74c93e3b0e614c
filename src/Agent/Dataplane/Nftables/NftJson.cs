using System.Net;
using System.Text.Json;

namespace PiranhaNet.Agent.Dataplane.Nftables;

/// <summary>One element of a listed set or map: its key, its value (maps only) and its counter (sets with counters).</summary>
internal readonly record struct NftElement(JsonElement Key, JsonElement? Value, (ulong Packets, ulong Bytes)? Counter);

/// <summary>
/// Reading libnftables' JSON (schema version 1, as nft 1.0.6 writes it): elements of sets and maps, concatenated
/// keys, addresses and ports. Anything of another shape is <see cref="JsonException"/>; the readers above treat that
/// as a damaged object.
/// </summary>
internal static class NftJson
{
    /// <summary>The elements of a listed set or map object ({"name": ..., "elem": [...]}); none when it has none.</summary>
    public static IEnumerable<NftElement> Elements(JsonElement set)
    {
        if (!set.TryGetProperty("elem", out var elements))
        {
            yield break;
        }
        foreach (var element in elements.EnumerateArray())
        {
            // A map element is [key, value]; a set element is the key. Either key may be wrapped as
            // {"elem": {"val": key, "counter": {...}, "timeout": ...}} when it carries more than its value.
            var (key, value) = element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 2
                ? (element[0], (JsonElement?)element[1])
                : (element, null);
            (ulong, ulong)? counter = null;
            if (key.ValueKind == JsonValueKind.Object && key.TryGetProperty("elem", out var wrapped))
            {
                key = wrapped.GetProperty("val");
                if (wrapped.TryGetProperty("counter", out var counted))
                {
                    counter = (counted.GetProperty("packets").GetUInt64(), counted.GetProperty("bytes").GetUInt64());
                }
            }
            yield return new NftElement(key, value, counter);
        }
    }

    /// <summary>The parts of a concatenated value, or the value alone as one part.</summary>
    public static JsonElement[] Parts(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("concat", out var concat) ? [.. concat.EnumerateArray()] : [value];

    /// <summary>An address part.</summary>
    public static IPAddress Address(JsonElement part) =>
        part.ValueKind == JsonValueKind.String && IPAddress.TryParse(part.GetString(), out var address)
            ? address
            : throw new JsonException($"not an address: {part}");

    /// <summary>A port, mark or other number part.</summary>
    public static uint Number(JsonElement part) => part.ValueKind == JsonValueKind.Number && part.TryGetUInt32(out var number)
        ? number
        : throw new JsonException($"not a number: {part}");

    /// <summary>The chain a verdict-map value jumps to.</summary>
    public static string JumpTarget(JsonElement value) => value.GetProperty("jump").GetProperty("target").GetString()
        ?? throw new JsonException($"not a jump: {value}");
}
