using PiranhaNet.Core.Diffing;
using PiranhaNet.Core.Editing;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;

namespace PiranhaNet.Web.Services;

/// <summary>
/// Pending changes made in the dashboard. Every edit is validated against the whole configuration with the
/// model's own rules (the API's messages); an invalid edit changes nothing. Apply stores the draft as a new
/// version based on the version it started from; Discard drops it. Changes are announced to every page.
/// </summary>
public sealed class DraftService(DraftStore drafts, ConfigService configs, IConfigValidator validator, ChangeNotifier notifier)
{
    /// <summary>The configuration being edited with its pending changes.</summary>
    public async Task<DraftView> GetAsync(CancellationToken cancellationToken)
    {
        var latest = await configs.GetLatestAsync(cancellationToken);
        var draft = await drafts.GetAsync(cancellationToken);
        if (draft is null)
        {
            return new DraftView(latest.Config, latest.Info.Serial, latest.Info.Serial, []);
        }
        var baseConfig = draft.BaseSerial == latest.Info.Serial ? latest.Config : (await configs.GetVersionAsync(draft.BaseSerial, cancellationToken)).Config;
        return new DraftView(draft.Config with { SerialNo = 0 }, draft.BaseSerial, latest.Info.Serial, ConfigDiffer.Diff(baseConfig, draft.Config));
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

    /// <summary>Applies <paramref name="change"/> to the draft if the result is valid; returns the problems (empty when saved).</summary>
    public async Task<IReadOnlyList<ValidationError>> ChangeAsync(Func<LvsConfig, LvsConfig> change, string author, CancellationToken cancellationToken)
    {
        var view = await GetAsync(cancellationToken);
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
            await drafts.DeleteAsync(cancellationToken);
        }
        else
        {
            await drafts.SaveAsync(view.BaseSerial, changed, author, cancellationToken);
        }
        notifier.Notify(ChangeKind.Draft);
        return [];
    }

    /// <summary>Stores the draft as a new version; throws <see cref="ConfigVersionConflictException"/> if its base is no longer the latest.</summary>
    public async Task<ConfigVersionInfo> ApplyAsync(string author, CancellationToken cancellationToken)
    {
        var draft = await drafts.GetAsync(cancellationToken) ?? throw new InvalidOperationException("there are no pending changes to apply");
        var saved = await configs.ReplaceAsync(draft.Config, draft.BaseSerial, author, cancellationToken);
        await drafts.DeleteAsync(cancellationToken);
        notifier.Notify(ChangeKind.Draft);
        return saved;
    }

    /// <summary>Drops every pending change.</summary>
    public async Task DiscardAsync(CancellationToken cancellationToken)
    {
        await drafts.DeleteAsync(cancellationToken);
        notifier.Notify(ChangeKind.Draft);
    }
}
