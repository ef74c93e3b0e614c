using System.CommandLine;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Web.Cli;

/// <summary><c>piranhanet check FILE</c>: validates an lvs.cf like a compiler checks a source file.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("check", "Validate an lvs.cf or keepalived.conf: exit 0 when valid, 1 with FILE:LINE:COL: message lines on stderr, 2 on usage errors");
        var file = CliOptions.File("The lvs.cf or keepalived.conf to check (or Heartbeat's directory)");
        var format = ConfigFileInput.Format();
        var allowUnsupported = ConfigFileInput.AllowUnsupported();
        command.Arguments.Add(file);
        command.Options.Add(format);
        command.Options.Add(allowUnsupported);
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            if (ConfigFileInput.Load(path, result.GetValue(format)!, result.GetValue(allowUnsupported), "check", cli) is not { } loaded)
            {
                return CliContext.Usage;
            }
            if (loaded.Config is not { } config)
            {
                return CliContext.Invalid;
            }
            var kind = loaded.Foreign is null ? "" : $"{loaded.Kind}, ";
            cli.Out.WriteLine($"{path}: OK ({kind}{LvsConfigChecker.Summarize(config)})");
            return CliContext.Ok;
        });
        return command;
    }

    /// <summary>One FILE:LINE:COL: message line per problem on standard error.</summary>
    public static void WriteErrors(LvsReadResult result, CliContext cli)
    {
        foreach (var error in result.Errors)
        {
            cli.Error.WriteLine(error.ToString());
        }
    }
}
