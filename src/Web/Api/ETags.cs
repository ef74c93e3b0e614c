using System.Globalization;

namespace PiranhaNet.Web.Api;

/// <summary>
/// The configuration version as an HTTP entity tag: every configuration resource carries the ETag of the
/// version it was read from, and a change sent with If-Match is refused (412) when a newer version exists.
/// </summary>
public static class ETags
{
    /// <summary>The ETag of version <paramref name="serial"/>: <c>"5"</c>.</summary>
    public static string Of(int serial) => $"\"{serial.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Sets the response's ETag to version <paramref name="serial"/>.</summary>
    public static void Set(HttpResponse response, int serial) => response.Headers.ETag = Of(serial);

    /// <summary>
    /// The version named by If-Match, or null when the header is absent or <c>*</c> (the change then applies
    /// to whatever version is latest). A malformed header throws <see cref="ApiBadRequestException"/>.
    /// </summary>
    public static int? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return null;
        }
        var text = header.ToString().Trim();
        if (text == "*")
        {
            return null;
        }
        var tag = text.StartsWith("W/", StringComparison.Ordinal) ? text[2..] : text;
        if (tag.Length >= 3 && tag[0] == '"' && tag[^1] == '"'
            && int.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var serial))
        {
            return serial;
        }
        throw new ApiBadRequestException($"If-Match must be one configuration version's ETag such as \"5\", not {text}");
    }
}
