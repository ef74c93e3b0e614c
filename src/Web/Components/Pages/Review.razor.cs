using Microsoft.AspNetCore.Components;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Components.Feedback;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Shows exactly what will change and applies it as a new version, or discards it.</summary>
public partial class Review
{
    private bool _busy;

    private Task ApplyAsync() => ActAsync(Roles.Operator, AuditActions.ApplyDraft, "pending changes", async actor =>
    {
        _busy = true;
        try
        {
            var saved = await Drafts.ApplyAsync(actor.Name, CancellationToken.None);
            Notices.Success($"Version {saved.Serial} applied", saved.Summary);
            return ActionResult.Done($"version {saved.Serial}: {saved.Summary}");
        }
        catch (Exception e) when (e is ConfigVersionConflictException or PiranhaNet.Core.Validation.ConfigValidationException)
        {
            Notices.Error("Not applied", e.Message);
            return ActionResult.Failed(e.Message);
        }
        finally
        {
            _busy = false;
        }
    });

    private async Task DiscardAsync()
    {
        var confirmed = await Confirmations.AskAsync(new Confirmation("Discard pending changes", $"Discard {View!.Changes.Count} pending change(s)?", "Discard", "Keep them"));
        if (confirmed)
        {
            await ActAsync(Roles.Operator, AuditActions.DiscardDraft, "pending changes", async _ =>
            {
                await Drafts.DiscardAsync(CancellationToken.None);
                Notices.Info("Pending changes discarded");
                return ActionResult.Done();
            });
        }
    }
}
