using System.CommandLine;
using System.Text;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Cli;

/// <summary>
/// <c>piranhanet passwd [--user NAME] [--data DIR]</c>: sets the administrator's password, like piranha-passwd.
/// Whoever can write the data directory may do this, so the old password is not asked for. At a terminal
/// the password is read twice without echo; from a pipe, one line.
/// </summary>
internal static class PasswdCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("passwd", "Set the administrator's password (reads it from the terminal, or one line from standard input)");
        var user = new Option<string>("--user") { Description = "The administrator's user name", DefaultValueFactory = _ => "piranha" };
        var data = CliOptions.Data();
        command.Options.Add(user);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            var password = ReadPassword(cli, "New password: ");
            if (cli.Interactive && password is not null && ReadPassword(cli, "Again: ") != password)
            {
                cli.Error.WriteLine("piranhanet passwd: the two passwords differ; nothing changed");
                return CliContext.Invalid;
            }
            if (PasswordHasher.Problem(password) is { } problem)
            {
                cli.Error.WriteLine($"piranhanet passwd: {problem}; nothing changed");
                return CliContext.Invalid;
            }
            var name = result.GetValue(user)!;
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            {
                cli.Error.WriteLine("piranhanet passwd: the user name must be one word");
                return CliContext.Usage;
            }
            await using var store = await CliStore.OpenAsync(result.GetValue(data)!, ct);
            await store.Accounts.SetPasswordAsync(name, password!, ct);
            cli.Out.WriteLine($"password of '{name}' set; sessions signed in with the old one are signed out");
            return CliContext.Ok;
        });
        return command;
    }

    private static string? ReadPassword(CliContext cli, string prompt)
    {
        if (!cli.Interactive)
        {
            return cli.In.ReadLine();
        }
        cli.Error.Write(prompt);
        var typed = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        cli.Error.WriteLine();
        return typed.ToString();
    }
}
