using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using PiranhaNet.Web.Agents;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Services;
using PiranhaNet.Web.Components.Feedback;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Enrol a director (its one-time token and agent command line) and revoke one.</summary>
public partial class Directors
{
    private IReadOnlyList<DirectorStore.Director> _directors = [];
    private DirectorEnrolment.Enrolled? _enrolled;
    private string _name = "";
    private string _command = "";
    private string? _problem;

    /// <summary>Enrolment.</summary>
    [Inject] public required DirectorEnrolment Enrolment { get; init; }

    /// <summary>The list.</summary>
    [Inject] public required DirectorStore Store { get; init; }

    /// <summary>The dashboard's own address, for the agent's command line.</summary>
    [Inject] public required NavigationManager Navigation { get; init; }


    /// <summary>The clipboard.</summary>
    [Inject] public required IJSRuntime JS { get; init; }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _directors = await Store.ListAsync(CancellationToken.None);
        Follow(async () => _directors = await Store.ListAsync(CancellationToken.None), ChangeKind.Cluster);
    }

    private async Task EnrolAsync()
    {
        var name = _name.Trim();
        await ActAsync(Roles.Admin, AuditActions.EnrolDirector, name, async actor =>
        {
            var (director, problem) = await Enrolment.EnrolAsync(name, actor.Name, CancellationToken.None);
            (_enrolled, _problem) = (director, problem);
            if (director is null)
            {
                return ActionResult.Failed(problem ?? "not enrolled");
            }
            _command = DirectorEnrolment.CommandLine(new Uri(Navigation.BaseUri), director);
            _name = "";
            _directors = await Store.ListAsync(CancellationToken.None);
            return ActionResult.Done();
        });
    }

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", _command);
            Notices.Info("Command copied");
        }
        catch (JSException)
        {
            // Browsers refuse the clipboard outside secure contexts (plain http to a remote host): the text stays selectable.
            Notices.Warning("The browser refused the clipboard", "Select the command and copy it by hand.");
        }
    }

    private async Task RevokeAsync(DirectorStore.Director director)
    {
        var confirmed = await Confirmations.AskAsync(new Confirmation("Revoke director", $"Revoke director '{director.Name}'? Its agent is disconnected and its token stops working.", "Revoke"));
        if (confirmed)
        {
            await ActAsync(Roles.Admin, AuditActions.RevokeDirector, director.Name, async _ =>
            {
                var revoked = await Enrolment.RevokeAsync(director.Name, CancellationToken.None);
                _directors = await Store.ListAsync(CancellationToken.None);
                Notices.Success($"Director {director.Name} revoked");
                return revoked ? ActionResult.Done() : ActionResult.Failed("it was not enrolled");
            });
        }
    }
}
