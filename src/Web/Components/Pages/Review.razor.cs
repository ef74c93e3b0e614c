using PiranhaNet.Core.Diffing;
using PiranhaNet.Web.Components.Feedback;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>
/// Shows exactly what the signed-in user's Apply will change (their pending changes rebased onto the latest version)
/// and applies it as a new version, or discards it; while a field conflicts with a newer version, shows both values
/// field by field and applies nothing until the user has chosen one for each.
/// </summary>
public partial class Review
{
    private readonly Dictionary<string, ThreeWayMerge.Side?> _choices = new(StringComparer.Ordinal);
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
        catch (Exception e) when (e is ConfigVersionConflictException or PiranhaNet.Core.Validation.ConfigValidationException or DraftConflictException)
        {
            Notices.Error("Not applied", e.Message);
            return ActionResult.Failed(e.Message);
        }
        finally
        {
            _busy = false;
        }
    });

    private void Choose(string path, ThreeWayMerge.Side? side) => _choices[path] = side;

    private Task SettleAsync() => ActAsync(Roles.Operator, AuditActions.EditDraft, "settle conflicts", async actor =>
    {
        var settled = _choices.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!.Value, StringComparer.Ordinal);
        var problems = await Drafts.SettleAsync(actor.Name, settled, CancellationToken.None);
        if (problems.Count > 0)
        {
            Notices.Error("Not settled", string.Join("; ", problems));
            return ActionResult.Failed(string.Join("; ", problems));
        }
        _choices.Clear();
        Notices.Success("Conflicts settled", "Your changes are now based on the latest version. Review them and apply.");
        return ActionResult.Done(string.Join(", ", settled.Select(s => $"{s.Key}: {(s.Value == ThreeWayMerge.Side.Mine ? "yours" : "latest")}")));
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

    // A value as JSON text; a quoted string without its quotes; an element or field that is not there as "(none)".
    private static string Shown(string? json) =>
        json is null ? "(none)" : json.Length > 1 && json[0] == '"' && json[^1] == '"' ? System.Text.Json.JsonSerializer.Deserialize<string>(json)! : json;
}
