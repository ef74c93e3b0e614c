using MudBlazor;

namespace PiranhaNet.Web.Components.Feedback;

/// <summary>
/// Notices as MudBlazor snackbars (shown by the layout's MudSnackbarProvider): "summary: detail" on one line, so a
/// screen reader reads it whole and a test or an operator can search for it as text.
/// </summary>
internal sealed class MudNotices(ISnackbar snackbar) : INotices
{
    public void Show(NoticeKind kind, string summary, string? detail = null) =>
        snackbar.Add(string.IsNullOrEmpty(detail) ? summary : $"{summary}: {detail}", kind switch
        {
            NoticeKind.Success => Severity.Success,
            NoticeKind.Info => Severity.Info,
            NoticeKind.Warning => Severity.Warning,
            _ => Severity.Error,
        });
}
