namespace PiranhaNet.Core.Model;

/// <summary>A parsed list of HTTP status codes and ranges such as <c>200-299,301</c>.</summary>
public sealed class HttpStatusCodeRanges
{
    private readonly (int From, int To)[] _ranges;

    private HttpStatusCodeRanges((int From, int To)[] ranges) => _ranges = ranges;

    /// <summary>Whether <paramref name="status"/> is accepted.</summary>
    public bool Contains(int status) => _ranges.Any(r => status >= r.From && status <= r.To);

    /// <summary>Parses the text; on failure <paramref name="error"/> names the bad part.</summary>
    public static bool TryParse(string? text, out HttpStatusCodeRanges ranges, out string error)
    {
        ranges = new HttpStatusCodeRanges([]);
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "at least one status code is required, e.g. 200-399";
            return false;
        }
        var parsed = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length > 2 || !TryCode(bounds[0], out var from) || !TryCode(bounds[^1], out var to) || to < from)
            {
                error = $"'{part}' is not a status code 100..599 or a range like 200-299";
                return false;
            }
            parsed.Add((from, to));
        }
        ranges = new HttpStatusCodeRanges([.. parsed]);
        return true;
    }

    private static bool TryCode(string text, out int code) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out code)
        && code is >= 100 and <= 599;
}
