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
            if (HeartbeatInput.Names(path, result.GetValue(format)!))
            {
                var read = HeartbeatInput.Read(path, result.GetValue(allowUnsupported), "check", cli);
                if (read?.Config is { } pair)
                {
                    cli.Out.WriteLine($"{path}: OK (Heartbeat, {LvsConfigChecker.Summarize(pair)})");
                }
                return read is null ? CliContext.Usage : read.Success ? CliContext.Ok : CliContext.Invalid;
            }
            if (CliOptions.ReadFile(path, "check", cli) is not { } text)
            {
                return CliContext.Usage;
            }
            var fileFormat = ConfigFileInput.FormatOf(result.GetValue(format)!, text);
            if (ConfigFileInput.Read(text, path, fileFormat, result.GetValue(allowUnsupported), cli) is not { } config)
            {
                return CliContext.Invalid;
            }
            var kind = fileFormat == Core.Keepalived.ConfigFileFormat.Keepalived ? "keepalived.conf, " : "";
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
