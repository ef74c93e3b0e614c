using System.CommandLine;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Web.Cli;

/// <summary><c>piranhanet import FILE [--data DIR]</c>: saves an lvs.cf as a new version in the store.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("import", "Import an lvs.cf into the store as a new configuration version (nothing is imported if it has any error)");
        var file = CliOptions.File("The lvs.cf to import");
        var data = CliOptions.Data();
        command.Arguments.Add(file);
        command.Options.Add(data);
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            if (CliOptions.ReadFile(path, "import", cli) is not { } text)
            {
                return CliContext.Usage;
            }
            await using var store = await CliStore.OpenAsync(result.GetValue(data)!, ct);
            try
            {
                var saved = await store.Config.ImportAsync(text, path, basedOn: null, CliStore.Author, ct);
                cli.Out.WriteLine($"{path}: imported as version {saved.Serial} ({saved.Summary})");
                return CliContext.Ok;
            }
            catch (LvsParseException e)
            {
                foreach (var error in e.Errors)
                {
                    cli.Error.WriteLine(error.ToString());
                }
                return CliContext.Invalid;
            }
        });
        return command;
    }
}
