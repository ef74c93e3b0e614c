namespace PiranhaNet.Web.Components.Feedback;

/// <summary>How a notice reads: it worked, for your information, be careful, or it did not work.</summary>
public enum NoticeKind
{
    Success,
    Info,
    Warning,
    Error,
}

/// <summary>
/// The short messages a page shows after an operator's action ("Version 7 applied", "Not saved"). Pages use this and
/// never a component library's own service, so the library can change without touching them.
/// </summary>
public interface INotices
{
    /// <summary>Shows <paramref name="summary"/> (and <paramref name="detail"/> under it) as a <paramref name="kind"/> notice.</summary>
    void Show(NoticeKind kind, string summary, string? detail = null);
}

/// <summary>One call per kind, for pages that read like what they mean.</summary>
public static class NoticesExtensions
{
    public static void Success(this INotices notices, string summary, string? detail = null) => notices.Show(NoticeKind.Success, summary, detail);

    public static void Info(this INotices notices, string summary, string? detail = null) => notices.Show(NoticeKind.Info, summary, detail);

    public static void Warning(this INotices notices, string summary, string? detail = null) => notices.Show(NoticeKind.Warning, summary, detail);

    public static void Error(this INotices notices, string summary, string? detail = null) => notices.Show(NoticeKind.Error, summary, detail);
}
