using System.Text;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Cli;

/// <summary>Reads a new password for <c>passwd</c> and <c>user add|passwd</c>: at a terminal twice without echo, from a pipe one line.</summary>
internal static class PasswordInput
{
    /// <summary>The password, or null after telling standard error why it cannot be used (nothing changed).</summary>
    public static string? ReadNew(CliContext cli, string command)
    {
        var password = Read(cli, "New password: ");
        if (cli.Interactive && password is not null && Read(cli, "Again: ") != password)
        {
            cli.Error.WriteLine($"piranhanet {command}: the two passwords differ; nothing changed");
            return null;
        }
        if (PasswordHasher.Problem(password) is { } problem)
        {
            cli.Error.WriteLine($"piranhanet {command}: {problem}; nothing changed");
            return null;
        }
        return password;
    }

    private static string? Read(CliContext cli, string prompt)
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
