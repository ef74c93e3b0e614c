using Microsoft.AspNetCore.Components;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Components.Feedback;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>
/// Shared behaviour of the pages that edit the configuration: load the draft (or latest version), follow
/// changes made in other browsers, validate an edit against the whole configuration as the user types,
/// and save it to the draft with a notification.
/// </summary>
public abstract class DraftPageBase : DashboardPageBase
{
    /// <summary>The signed-in user's pending changes.</summary>
    [Inject] public required SignedInDraft Drafts { get; init; }

    /// <summary>The model's validation (the API's messages).</summary>
    [Inject] public required IConfigValidator Validator { get; init; }

    /// <summary>The configuration being edited; null until loaded.</summary>
    protected DraftView? View { get; private set; }

    /// <summary>Problems of the edit in progress, by configuration path.</summary>
    protected IReadOnlyList<ValidationError> Errors { get; set; } = [];

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        View = await Drafts.GetAsync(CancellationToken.None);
        OnViewLoaded(firstLoad: true);
        Follow(async () =>
        {
            View = await Drafts.GetAsync(CancellationToken.None);
            OnViewLoaded(firstLoad: false);
        }, ChangeKind.Configuration, ChangeKind.Draft);
    }

    /// <summary>
    /// Called when the configuration was loaded or changed elsewhere. Pages that show it copy what they need;
    /// edit forms copy only on the first load, so typing is never overwritten by another browser's save.
    /// </summary>
    protected virtual void OnViewLoaded(bool firstLoad)
    {
    }

    /// <summary>Validates <paramref name="change"/> against the whole configuration without saving (as-you-type validation).</summary>
    protected void Check(Func<LvsConfig, LvsConfig> change)
    {
        if (View is not null)
        {
            Errors = DraftService.Check(View, change, Validator);
        }
    }

    /// <summary>Adds <paramref name="change"/> to the pending changes if the result is valid; tells the user either way.</summary>
    protected async Task<bool> SaveAsync(Func<LvsConfig, LvsConfig> change, string what)
    {
        var saved = false;
        await ActAsync(Roles.Operator, AuditActions.EditDraft, what, async actor =>
        {
            Errors = await Drafts.ChangeAsync(change, actor.Name, CancellationToken.None);
            saved = Errors.Count == 0;
            return saved ? ActionResult.Done() : ActionResult.Failed($"{Errors.Count} problem(s); the first: {Errors[0]}");
        });
        if (!saved && Errors.Count == 0)
        {
            return false;   // refused: ActAsync said why
        }
        if (Errors.Count > 0)
        {
            Notices.Error("Not saved", $"{Errors.Count} problem(s); the first: {Errors[0]}");
            return false;
        }
        Notices.Success(what, "Added to the pending changes. Review and apply them to make a new version.");
        View = await Drafts.GetAsync(CancellationToken.None);
        return true;
    }

}
