using Radzen;

namespace PiranhaNet.Web.Components.Feedback;

/// <summary>Confirmations as Radzen's confirm dialog (shown by the layout's RadzenDialog).</summary>
internal sealed class RadzenConfirmations(DialogService dialogs) : IConfirmations
{
    public async Task<bool> AskAsync(Confirmation confirmation) =>
        await dialogs.Confirm(confirmation.Question, confirmation.Title,
            new ConfirmOptions { OkButtonText = confirmation.ConfirmText, CancelButtonText = confirmation.CancelText }) == true;
}
