using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Services;

/// <summary>
/// Each user's pending changes. Every edit is validated against the whole configuration with the model's own rules
/// (the API's messages); an invalid edit changes nothing. A draft whose version is no longer the latest is rebased onto
/// the latest by <see cref="ThreeWayMerge"/> whenever it is read: changes to different elements or fields merge
/// silently, and a field changed differently on both sides is a conflict that blocks Apply until the user settles it.
/// Apply stores the rebased draft as a new version; Discard drops it. Changes are announced to every page.
/// </summary>
public sealed class DraftService(DraftStore drafts, ConfigService configs, IConfigValidator validator, ChangeNotifier notifier)
{
    // A save by someone else between this user's merge and their save is merged again, a few times at most.
    private const int ApplyAttempts = 3;

    /// <summary>
    /// <paramref name="owner"/>'s configuration with their pending changes: rebased onto the latest version when it
    /// merges cleanly (then <see cref="DraftView.Changes"/> is exactly what Apply will change), else as they left it,
    /// with the conflicts.
    /// </summary>
    public async Task<DraftView> GetAsync(string owner, CancellationToken cancellationToken)
    {
        var latest = await configs.GetLatestAsync(cancellationToken);
        var draft = await drafts.GetAsync(owner, cancellationToken);
        if (draft is null)
        {
            return new DraftView(latest.Config, latest.Info.Serial, latest.Info.Serial, [], []);
        }
        if (draft.BaseSerial == latest.Info.Serial)
        {
            return new DraftView(draft.Config with { SerialNo = 0 }, draft.BaseSerial, latest.Info.Serial, ConfigDiffer.Diff(latest.Config, draft.Config), []);
        }
        var baseConfig = (await configs.GetVersionAsync(draft.BaseSerial, cancellationToken)).Config;
        var merge = ThreeWayMerge.Merge(baseConfig, draft.Config, latest.Config);
        return merge.Merged is { } merged
            ? new DraftView(merged with { SerialNo = 0 }, latest.Info.Serial, latest.Info.Serial, ConfigDiffer.Diff(latest.Config, merged), [])
            : new DraftView(draft.Config with { SerialNo = 0 }, draft.BaseSerial, latest.Info.Serial, ConfigDiffer.Diff(baseConfig, draft.Config), merge.Conflicts);
    }

    /// <summary>The problems <paramref name="change"/> would cause, without saving anything (for validation as you type).</summary>
    public static IReadOnlyList<ValidationError> Check(DraftView view, Func<LvsConfig, LvsConfig> change, IConfigValidator validator)
    {
        try
        {
            return validator.Validate(change(view.Config));
        }
        catch (Exception e) when (e is ConfigElementExistsException or ConfigElementNotFoundException)
        {
            return [new ValidationError("", null, e.Message)];
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="author"/>'s own draft if the result is valid; returns the
    /// problems (empty when saved).
    /// </summary>
    public async Task<IReadOnlyList<ValidationError>> ChangeAsync(Func<LvsConfig, LvsConfig> change, string author, CancellationToken cancellationToken)
    {
        var view = await GetAsync(author, cancellationToken);
        var errors = Check(view, change, validator);
        if (errors.Count > 0)
        {
            return errors;
        }
        var changed = change(view.Config);
        var baseConfig = (await configs.GetVersionAsync(view.BaseSerial, cancellationToken)).Config;
        if (ConfigDiffer.Diff(baseConfig, changed).Count == 0)
        {
            // Editing back to what is stored leaves nothing pending.
            await drafts.DeleteAsync(author, cancellationToken);
        }
        else
        {
            await drafts.SaveAsync(author, view.BaseSerial, changed, cancellationToken);
        }
        notifier.Notify(ChangeKind.Draft);
        return [];
    }

    /// <summary>
    /// Stores <paramref name="author"/>'s draft, rebased onto the latest version, as a new version. Throws
    /// <see cref="DraftConflictException"/> (nothing applied) while a conflict is unsettled, and
    /// <see cref="ConfigValidationException"/> when the merged configuration is invalid.
    /// </summary>
    public async Task<ConfigVersionInfo> ApplyAsync(string author, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var view = await GetAsync(author, cancellationToken);
            if (view.Conflicts.Count > 0)
            {
                throw new DraftConflictException(view.Conflicts);
            }
            if (view.Changes.Count == 0)
            {
                throw new InvalidOperationException("there are no pending changes to apply");
            }
            try
            {
                var saved = await configs.ReplaceAsync(view.Config, view.BaseSerial, author, cancellationToken);
                await drafts.DeleteAsync(author, cancellationToken);
                notifier.Notify(ChangeKind.Draft);
                return saved;
            }
            catch (ConfigVersionConflictException) when (attempt < ApplyAttempts)
            {
                // Someone saved between the merge and this save: merge onto theirs and try again.
            }
        }
    }

    /// <summary>
    /// Settles <paramref name="author"/>'s conflicts, one <see cref="ThreeWayMerge.Side"/> per conflict path: their draft
    /// becomes the merge onto the latest version. Returns what still stands in the way (unsettled conflicts, or the
    /// merged configuration's validation errors), empty when done; nothing changes unless it is empty.
    /// </summary>
    public async Task<IReadOnlyList<string>> SettleAsync(string author, IReadOnlyDictionary<string, ThreeWayMerge.Side> settled, CancellationToken cancellationToken)
    {
        var draft = await drafts.GetAsync(author, cancellationToken);
        var latest = await configs.GetLatestAsync(cancellationToken);
        if (draft is null || draft.BaseSerial == latest.Info.Serial)
        {
            return [];
        }
        var baseConfig = (await configs.GetVersionAsync(draft.BaseSerial, cancellationToken)).Config;
        var merge = ThreeWayMerge.Merge(baseConfig, draft.Config, latest.Config, settled);
        if (merge.Merged is not { } merged)
        {
            return [.. merge.Unsettled.Select(c => $"{c.Path}: choose yours or the latest version's")];
        }
        if (validator.Validate(merged) is { Count: > 0 } errors)
        {
            return [.. errors.Select(e => e.ToString())];
        }
        if (ConfigDiffer.Diff(latest.Config, merged).Count == 0)
        {
            await drafts.DeleteAsync(author, cancellationToken);   // settled entirely the latest version's way: nothing left pending
        }
        else
        {
            await drafts.SaveAsync(author, latest.Info.Serial, merged, cancellationToken);
        }
        notifier.Notify(ChangeKind.Draft);
        return [];
    }

    /// <summary>Drops every pending change of <paramref name="owner"/>.</summary>
    public async Task DiscardAsync(string owner, CancellationToken cancellationToken)
    {
        await drafts.DeleteAsync(owner, cancellationToken);
        notifier.Notify(ChangeKind.Draft);
    }
}
