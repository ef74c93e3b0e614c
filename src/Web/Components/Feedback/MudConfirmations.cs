using MudBlazor;

namespace PiranhaNet.Web.Components.Feedback;

/// <summary>Confirmations as MudBlazor's message box (shown by the layout's MudDialogProvider).</summary>
internal sealed class MudConfirmations(IDialogService dialogs) : IConfirmations
{
    public async Task<bool> AskAsync(Confirmation confirmation) =>
        await dialogs.ShowMessageBoxAsync(confirmation.Title, confirmation.Question, yesText: confirmation.ConfirmText,
            cancelText: confirmation.CancelText) == true;
}
