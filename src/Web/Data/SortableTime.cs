using System.Globalization;

namespace PiranhaNet.Web.Data;

/// <summary>Times as the event tables keep them: UTC text that sorts and compares as the times do.</summary>
internal static class SortableTime
{
    /// <summary>The time as fixed-width UTC text.</summary>
    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    /// <summary>The time a <see cref="Text"/> (or any ISO 8601 UTC text) stands for.</summary>
    public static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
