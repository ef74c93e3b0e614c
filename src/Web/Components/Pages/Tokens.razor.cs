using System.Globalization;
using Microsoft.AspNetCore.Components;
using PiranhaNet.Web.Components.Feedback;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>The signed-in user's API tokens (an admin sees everyone's): make one (its secret shown once), revoke one.</summary>
public partial class Tokens
{
    private IReadOnlyList<ApiTokenStore.Token> _tokens = [];
    private IReadOnlyList<Choices.Choice<string>> _roles = [];
    private string _name = "", _role = Roles.Viewer;
    private int? _days;
    private string? _problem;
    private ApiTokens.Created? _shownOnce;
    private bool _everyone;

    /// <summary>The tokens.</summary>
    [Inject] public required ApiTokens Service { get; init; }

    /// <summary>The dashboard's address, for the example.</summary>
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        // A token's role is at most the user's: only those are offered (the service checks again).
        var role = AuthenticationState is null ? null : UserPrincipals.RoleOf((await AuthenticationState).User);
        _roles = [.. Roles.All.Where(r => Roles.Includes(role, r)).Select(r => new Choices.Choice<string>(r, r))];
        _everyone = role == Roles.Admin;
        await LoadAsync();
        Follow(LoadAsync, ChangeKind.Users);
    }

    private async Task LoadAsync() =>
        _tokens = await Service.ListAsync(_everyone ? null : (await AuthenticationState!).User.Identity?.Name ?? "", CancellationToken.None);

    private Task CreateAsync()
    {
        var name = _name.Trim();
        // Any signed-in user makes their own tokens; the role ceiling is theirs, checked by the service.
        return ActAsync(Roles.Viewer, AuditActions.CreateToken, name, async actor =>
        {
            var expires = _days is { } days ? Time.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
            var (created, problem) = await Service.CreateAsync(actor.Name, name, _role, expires, CancellationToken.None);
            (_shownOnce, _problem) = (created, problem?.Message);
            if (created is null)
            {
                return ActionResult.Failed(problem!.Message);
            }
            (_name, _days) = ("", null);
            await LoadAsync();
            return ActionResult.Done($"token {created.Token.Id} as {created.Token.Role}");
        });
    }

    private async Task RevokeAsync(ApiTokenStore.Token token)
    {
        if (!await Confirmations.AskAsync(new Confirmation("Revoke token", $"Revoke {token.Owner}'s token {token.Name}? It stops working at once.", "Revoke")))
        {
            return;
        }
        await ActAsync(Roles.Viewer, AuditActions.RevokeToken, $"{token.Owner}/{token.Name}", async actor =>
        {
            var user = await Accounts.GetAsync(actor.Name, CancellationToken.None);
            var problem = await Service.RevokeAsync(token.Id, user?.Role == Roles.Admin ? null : actor.Name, CancellationToken.None);
            await LoadAsync();
            if (problem is not null)
            {
                Notices.Error("Not revoked", problem);
                return ActionResult.Failed(problem);
            }
            Notices.Success($"Token {token.Name} revoked");
            return ActionResult.Done();
        });
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
