using System.Text;
using System.Text.Json;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Data.History;

/// <summary>
/// A version's configuration as <c>config_versions</c> keeps it: the whole model as JSON (a snapshot), or the JSON of
/// the <see cref="StoredPatch"/> from the version before it. Both use the model's JSON settings, which keep the model's
/// defaults for fields an older document lacks. Documents are written as text and read back as their UTF-8 bytes: a
/// 15 MiB document then never becomes a 30 MiB string on its way to the parser.
/// </summary>
internal sealed record StoredConfig(string Document, int? PatchOf)
{
    /// <summary>The JSON's size in bytes (counted once: a whole document is 15 MiB at 10,000 virtual servers).</summary>
    public long Bytes { get; } = Encoding.UTF8.GetByteCount(Document);

    /// <summary>The whole of <paramref name="config"/>.</summary>
    public static StoredConfig Whole(LvsConfig config) => new(PiranhaJson.Serialize(config), null);

    /// <summary>
    /// <paramref name="config"/> as the patch from <paramref name="previous"/> (version <paramref name="previousSerial"/>),
    /// or null when there is no patch between them (a repeated name, which only an invalid configuration has).
    /// </summary>
    public static StoredConfig? PatchFrom(LvsConfig previous, int previousSerial, LvsConfig config) =>
        StoredPatch.Between(previous, config) is { } patch ? new(JsonSerializer.Serialize(patch, PiranhaJson.Options), previousSerial) : null;

    /// <summary>The whole configuration a snapshot's document holds, read from its UTF-8 bytes.</summary>
    public static LvsConfig ReadWhole(ReadOnlySpan<byte> document) => PiranhaJson.Deserialize(document);

    /// <summary>The patch a patch's document holds, read from its UTF-8 bytes.</summary>
    public static StoredPatch ReadPatch(ReadOnlySpan<byte> document) =>
        JsonSerializer.Deserialize<StoredPatch>(document, PiranhaJson.Options) ?? throw new JsonException("expected a patch, found null");
}
