using Microsoft.AspNetCore.Components;
using PiranhaNet.Core.Diffing;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Components.Feedback;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Every configuration version, a readable diff between any two, and restore.</summary>
public partial class History
{
    private IReadOnlyList<ConfigVersionInfo>? _versions;
    private IReadOnlyList<ConfigChange>? _diff;
    private int _latest, _from, _to, _diffFrom, _diffTo;

    /// <summary>The version list.</summary>
    [Inject] public required IConfigRepository Repository { get; init; }

    /// <summary>Version contents and restore.</summary>
    [Inject] public required ConfigService Configs { get; init; }

    // Version 0 is the empty configuration, so the first version's changes can be shown too.
    private IReadOnlyList<Choices.Choice<int>> Serials =>
        _versions is null ? [] : [.. _versions.Select(v => v.Serial).Append(0).Select(s => new Choices.Choice<int>(s, s.ToString()))];

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _to = _latest;
        _from = Math.Max(0, _latest - 1);
        Follow(LoadAsync, ChangeKind.Configuration);
    }

    private async Task LoadAsync()
    {
        _versions = await Repository.ListAsync(CancellationToken.None);
        _latest = _versions.Count > 0 ? _versions[0].Serial : 0;
    }

    private async Task ShowAsync(int from, int to)
    {
        (_diffFrom, _diffTo, _diff) = (from, to, await Configs.DiffAsync(from, to, CancellationToken.None));
    }

    private async Task RestoreAsync(ConfigVersionInfo version)
    {
        var confirmed = await Confirmations.AskAsync(new Confirmation("Restore version", $"Make a new version {_latest + 1} with the content of version {version.Serial} ({version.Summary})?", "Restore"));
        if (!confirmed)
        {
            return;
        }
        await ActAsync(Roles.Operator, AuditActions.RestoreVersion, $"version {version.Serial}", async actor =>
        {
            try
            {
                var saved = await Configs.RestoreAsync(version.Serial, _latest, actor.Name, CancellationToken.None);
                Notices.Success($"Version {version.Serial} restored", $"as version {saved.Serial}");
                await LoadAsync();
                return ActionResult.Done($"version {saved.Serial}");
            }
            catch (ConfigVersionConflictException e)
            {
                Notices.Error("Not restored", e.Message);
                return ActionResult.Failed(e.Message);
            }
        });
    }
}
