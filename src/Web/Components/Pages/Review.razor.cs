using Microsoft.AspNetCore.Components;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Components.Feedback;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Shows exactly what will change and applies it as a new version, or discards it.</summary>
public partial class Review
{
    private bool _busy;

    private async Task ApplyAsync()
    {
        if (await ActorAsync(Roles.Operator) is not { } actor)
        {
            return;
        }
        _busy = true;
        try
        {
            var saved = await Drafts.ApplyAsync(actor, CancellationToken.None);
            Notices.Success($"Version {saved.Serial} applied", saved.Summary);
        }
        catch (ConfigVersionConflictException e)
        {
            Notices.Error("Not applied", e.Message);
        }
        catch (PiranhaNet.Core.Validation.ConfigValidationException e)
        {
            Notices.Error("Not applied", e.Message);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DiscardAsync()
    {
        var confirmed = await Confirmations.AskAsync(new Confirmation("Discard pending changes", $"Discard {View!.Changes.Count} pending change(s)?", "Discard", "Keep them"));
        if (confirmed && await ActorAsync(Roles.Operator) is not null)
        {
            await Drafts.DiscardAsync(CancellationToken.None);
            Notices.Info("Pending changes discarded");
        }
    }
}
