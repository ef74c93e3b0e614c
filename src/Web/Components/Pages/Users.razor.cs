using PiranhaNet.Web.Components.Feedback;
using PiranhaNet.Web.Data;
using PiranhaNet.Web.Security;
using PiranhaNet.Web.Services;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>The admin's page of users: add, change role, disable or enable, reset a password, delete.</summary>
public partial class Users
{
    private static readonly Choices.Choice<string>[] s_roles = [.. Roles.All.Select(r => new Choices.Choice<string>(r, r))];
    private IReadOnlyList<UserStore.User> _users = [];
    private string _newName = "", _newRole = Roles.Viewer, _newPassword = "", _newConfirmation = "";
    private string? _problem, _resetting;
    private string _resetPassword = "", _resetConfirmation = "";

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        Follow(LoadAsync, ChangeKind.Users);
    }

    private async Task LoadAsync() => _users = await Accounts.ListAsync(CancellationToken.None);

    private Task AddAsync()
    {
        var name = _newName.Trim();
        return ActAsync(Roles.Admin, AuditActions.AddUser, name, async actor =>
        {
            _problem = await Accounts.AddAsync(name, _newRole, _newPassword, _newConfirmation, actor.Name, CancellationToken.None);
            if (_problem is not null)
            {
                return ActionResult.Failed(_problem);
            }
            Notices.Success($"User {name} added", $"as {Roles.WithArticle(_newRole)}");
            (_newName, _newPassword, _newConfirmation) = ("", "", "");
            await LoadAsync();
            return ActionResult.Done($"as {_newRole}");
        });
    }

    private Task SetRoleAsync(UserStore.User user, string role) =>
        ChangeAsync(AuditActions.SetUserRole, user, $"{user.Name} is now {Roles.WithArticle(role)}", () => Accounts.SetRoleAsync(user.Name, role, CancellationToken.None), $"to {role}");

    private Task SetDisabledAsync(UserStore.User user, bool disabled) =>
        ChangeAsync(disabled ? AuditActions.DisableUser : AuditActions.EnableUser, user,
            disabled ? $"{user.Name} disabled; their sessions and tokens stop now" : $"{user.Name} enabled",
            () => Accounts.SetDisabledAsync(user.Name, disabled, CancellationToken.None));

    private async Task DeleteAsync(UserStore.User user)
    {
        if (await Confirmations.AskAsync(new Confirmation("Delete user", $"Delete {user.Name}? Their sessions and tokens stop now.", "Delete")))
        {
            await ChangeAsync(AuditActions.DeleteUser, user, $"{user.Name} deleted", () => Accounts.DeleteAsync(user.Name, CancellationToken.None));
        }
    }

    private void StartReset(UserStore.User user) => (_resetting, _resetPassword, _resetConfirmation) = (user.Name, "", "");

    private Task ResetAsync()
    {
        var name = _resetting!;
        return ActAsync(Roles.Admin, AuditActions.ResetUserPassword, name, async _ =>
        {
            var problem = UserAccounts.ProblemWithNewCredentials(name, _resetPassword, _resetConfirmation);
            if (problem is null && !await Accounts.SetPasswordAsync(name, _resetPassword, CancellationToken.None))
            {
                problem = $"there is no user named '{name}'";
            }
            if (problem is not null)
            {
                Notices.Error("Password not set", problem);
                return ActionResult.Failed(problem);
            }
            Notices.Success($"Password of {name} set", "Their sessions signed in with the old one end now.");
            (_resetting, _resetPassword, _resetConfirmation) = (null, "", "");
            await LoadAsync();
            return ActionResult.Done();
        });
    }

    // One change of an existing user: done or refused with the reason, told and recorded either way.
    private Task ChangeAsync(string action, UserStore.User user, string done, Func<Task<string?>> change, string detail = "") =>
        ActAsync(Roles.Admin, action, user.Name, async _ =>
        {
            var problem = await change();
            await LoadAsync();
            if (problem is not null)
            {
                Notices.Error("Not changed", problem);
                return ActionResult.Failed(problem);
            }
            Notices.Success(done);
            return ActionResult.Done(detail);
        });
}
