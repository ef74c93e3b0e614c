using System.CommandLine;
using System.Globalization;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Cli;

/// <summary>
/// <c>piranhanet user add|list|disable|enable|role|passwd|delete</c>: the dashboard's users, edited in the store
/// directly by whoever can write the data directory (a running dashboard sees the change at its next request).
/// Exit codes as the other commands: 0 done, 1 refused (no such user, the last admin, a bad password), 2 usage.
/// </summary>
internal static class UserCommand
{
    private const string Name = "user";

    public static Command Create(CliContext cli)
    {
        var command = new Command(Name, "Add, list, disable, enable, re-role, re-password or delete the dashboard's users");
        command.Subcommands.Add(Add(cli));
        command.Subcommands.Add(List(cli));
        command.Subcommands.Add(Change(cli, "disable", AuditActions.DisableUser, "Disable a user: they cannot sign in, their sessions and tokens stop at once",
            (accounts, name, ct) => accounts.SetDisabledAsync(name, true, ct), name => $"user '{name}' disabled"));
        command.Subcommands.Add(Change(cli, "enable", AuditActions.EnableUser, "Enable a disabled user",
            (accounts, name, ct) => accounts.SetDisabledAsync(name, false, ct), name => $"user '{name}' enabled"));
        command.Subcommands.Add(Change(cli, "delete", AuditActions.DeleteUser, "Delete a user",
            (accounts, name, ct) => accounts.DeleteAsync(name, ct), name => $"user '{name}' deleted"));
        command.Subcommands.Add(Role(cli));
        command.Subcommands.Add(Passwd(cli));
        return command;
    }

    private static Command Add(CliContext cli)
    {
        var command = new Command("add", "Add a user (the password is read from the terminal, or one line from standard input)");
        var name = UserName();
        var role = RoleOption();
        var data = CliOptions.Data();
        command.Arguments.Add(name);
        command.Options.Add(role);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            if (PasswordInput.ReadNew(cli, $"{Name} add") is not { } password)
            {
                return CliContext.Invalid;
            }
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            var userName = result.GetValue(name)!;
            var roleName = result.GetValue(role)!;
            return await ReportAsync(cli, store, "add", AuditActions.AddUser, userName,
                await store.Accounts.AddAsync(userName, roleName, password, password, CliStore.Author, ct), $"user '{userName}' added as {roleName}", ct);
        });
        return command;
    }

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "List the users: name, role, state, when the password was set, who added them");
        var data = CliOptions.Data();
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            var users = await store.Accounts.ListAsync(ct);
            var width = Math.Max(4, users.Select(u => u.Name.Length).DefaultIfEmpty(0).Max());
            cli.Out.WriteLine($"{"NAME".PadRight(width)}  ROLE      STATE     PASSWORD SET          ADDED BY");
            foreach (var user in users)
            {
                cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{user.Name.PadRight(width)}  {user.Role,-8}  {(user.Disabled ? "disabled" : "enabled"),-8}  {user.PasswordChangedAt:yyyy-MM-dd HH:mm:ss}Z  {user.CreatedBy}"));
            }
            return CliContext.Ok;
        });
        return command;
    }

    private static Command Role(CliContext cli)
    {
        var command = new Command("role", "Change a user's role");
        var name = UserName();
        var role = new Argument<string>("role") { Description = $"One of {string.Join(", ", Roles.All)}" };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var data = CliOptions.Data();
        command.Arguments.Add(name);
        command.Arguments.Add(role);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            var userName = result.GetValue(name)!;
            var roleName = result.GetValue(role)!;
            return await ReportAsync(cli, store, "role", AuditActions.SetUserRole, userName,
                await store.Accounts.SetRoleAsync(userName, roleName, ct), $"user '{userName}' is now {roleName}", ct);
        });
        return command;
    }

    private static Command Passwd(CliContext cli)
    {
        var command = new Command("passwd", "Set a user's password without the old one (their sessions signed in with it are signed out)");
        var name = UserName();
        var data = CliOptions.Data();
        command.Arguments.Add(name);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            if (PasswordInput.ReadNew(cli, $"{Name} passwd") is not { } password)
            {
                return CliContext.Invalid;
            }
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            var userName = result.GetValue(name)!;
            var problem = await store.Accounts.SetPasswordAsync(userName, password, ct) ? null : $"there is no user named '{userName}'";
            return await ReportAsync(cli, store, "passwd", AuditActions.ResetUserPassword, userName, problem,
                $"password of '{userName}' set; sessions signed in with the old one are signed out", ct);
        });
        return command;
    }

    private static Command Change(CliContext cli, string verb, string action, string description, Func<UserAccounts, string, CancellationToken, Task<string?>> change,
        Func<string, string> done)
    {
        var command = new Command(verb, description);
        var name = UserName();
        var data = CliOptions.Data();
        command.Arguments.Add(name);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            var userName = result.GetValue(name)!;
            return await ReportAsync(cli, store, verb, action, userName, await change(store.Accounts, userName, ct), done(userName), ct);
        });
        return command;
    }

    // Tells the result, and records it in the audit.
    private static async Task<int> ReportAsync(CliContext cli, CliStore store, string verb, string action, string userName, string? problem, string done,
        CancellationToken cancellationToken)
    {
        await store.RecordAsync(action, userName, problem, done, cancellationToken);
        if (problem is not null)
        {
            cli.Error.WriteLine($"piranhanet {Name} {verb}: {problem}; nothing changed");
            return CliContext.Invalid;
        }
        cli.Out.WriteLine(done);
        return CliContext.Ok;
    }

    private static Argument<string> UserName() => new("name") { Description = "The user's name" };

    private static Option<string> RoleOption()
    {
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}", DefaultValueFactory = _ => Roles.Viewer };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        return role;
    }
}
