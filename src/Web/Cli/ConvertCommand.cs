using System.CommandLine;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Web.Cli;

/// <summary><c>piranhanet convert FILE --to json|lvs.cf</c>: prints the normalised configuration.</summary>
internal static class ConvertCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("convert", "Print an lvs.cf as normalised JSON (camelCase) or lvs.cf; invalid files fail as with check");
        var file = CliOptions.File("The lvs.cf to convert");
        var to = new Option<string>("--to") { Description = "Output format", Required = true };
        to.AcceptOnlyFromAmong("json", "lvs.cf");
        command.Arguments.Add(file);
        command.Options.Add(to);
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            if (CliOptions.ReadFile(path, "convert", cli) is not { } text)
            {
                return CliContext.Usage;
            }
            var checkedFile = LvsConfigChecker.Check(text, path);
            if (!checkedFile.Success)
            {
                CheckCommand.WriteErrors(checkedFile, cli);
                return CliContext.Invalid;
            }
            cli.Out.Write(result.GetValue(to) == "json"
                ? PiranhaJson.Serialize(checkedFile.Config!, indented: true) + "\n"
                : LvsConfigWriter.Write(checkedFile.Config!));
            return CliContext.Ok;
        });
        return command;
    }
}
