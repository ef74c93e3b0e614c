using System.CommandLine;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Cli;

/// <summary>
/// <c>piranhanet passwd [--user NAME] [--data DIR]</c>: sets a user's password, like piranha-passwd. Whoever can write
/// the data directory may do this, so the old password is not asked for. On a store without users it creates the
/// first admin, as first-run setup would. (<c>piranhanet user passwd NAME</c> is the same for an existing user.)
/// </summary>
internal static class PasswdCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("passwd", "Set a user's password, creating the first admin on a new store (reads it from the terminal, or one line from standard input)");
        var user = new Option<string>("--user") { Description = "The user's name", DefaultValueFactory = _ => "piranha" };
        var data = CliOptions.Data();
        command.Options.Add(user);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            var name = result.GetValue(user)!;
            if (UserAccounts.ProblemWithUserName(name) is { } nameProblem)
            {
                cli.Error.WriteLine($"piranhanet passwd: {nameProblem}");
                return CliContext.Usage;
            }
            if (PasswordInput.ReadNew(cli, "passwd") is not { } password)
            {
                return CliContext.Invalid;
            }
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            if (!await store.Accounts.IsSetUpAsync(ct))
            {
                await store.Accounts.SetUpAsync(name, password, password, ct);
                await store.RecordAsync(AuditActions.AddUser, name, null, "as admin (first-run setup)", ct);
                cli.Out.WriteLine($"admin '{name}' created with this password");
                return CliContext.Ok;
            }
            var set = await store.Accounts.SetPasswordAsync(name, password, ct);
            await store.RecordAsync(AuditActions.ResetUserPassword, name, set ? null : "no such user", "", ct);
            if (!set)
            {
                cli.Error.WriteLine($"piranhanet passwd: there is no user named '{name}' (see 'piranhanet user list'); nothing changed");
                return CliContext.Invalid;
            }
            cli.Out.WriteLine($"password of '{name}' set; sessions signed in with the old one are signed out");
            return CliContext.Ok;
        });
        return command;
    }
}
