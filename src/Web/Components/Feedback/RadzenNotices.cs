using Radzen;

namespace PiranhaNet.Web.Components.Feedback;

/// <summary>Notices as Radzen's notifications (shown by the layout's RadzenNotification).</summary>
internal sealed class RadzenNotices(NotificationService notifications) : INotices
{
    public void Show(NoticeKind kind, string summary, string? detail = null) => notifications.Notify(kind switch
    {
        NoticeKind.Success => NotificationSeverity.Success,
        NoticeKind.Info => NotificationSeverity.Info,
        NoticeKind.Warning => NotificationSeverity.Warning,
        _ => NotificationSeverity.Error,
    }, summary, detail ?? "");
}
