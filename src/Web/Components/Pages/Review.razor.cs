using Microsoft.AspNetCore.Components;
using PiranhaNet.Web.Data;
using Radzen;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Shows exactly what will change and applies it as a new version, or discards it.</summary>
public partial class Review
{
    private bool _busy;

    /// <summary>Confirmation of Discard.</summary>
    [Inject] public required DialogService Dialogs { get; init; }

    private async Task ApplyAsync()
    {
        _busy = true;
        try
        {
            var saved = await Drafts.ApplyAsync(await AuthorAsync(), CancellationToken.None);
            Notifications.Notify(NotificationSeverity.Success, $"Version {saved.Serial} applied", saved.Summary);
        }
        catch (ConfigVersionConflictException e)
        {
            Notifications.Notify(NotificationSeverity.Error, "Not applied", e.Message);
        }
        catch (PiranhaNet.Core.Validation.ConfigValidationException e)
        {
            Notifications.Notify(NotificationSeverity.Error, "Not applied", e.Message);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DiscardAsync()
    {
        var confirmed = await Dialogs.Confirm($"Discard {View!.Changes.Count} pending change(s)?", "Discard pending changes",
            new ConfirmOptions { OkButtonText = "Discard", CancelButtonText = "Keep them" });
        if (confirmed == true)
        {
            await Drafts.DiscardAsync(CancellationToken.None);
            Notifications.Notify(NotificationSeverity.Info, "Pending changes discarded");
        }
    }
}
