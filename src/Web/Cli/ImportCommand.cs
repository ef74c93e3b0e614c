using System.CommandLine;
using PiranhaNet.Core.Keepalived;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Web.Cli;

/// <summary><c>piranhanet import FILE [--data DIR] [--format ...] [--allow-unsupported]</c>: saves an lvs.cf or keepalived.conf as a new version in the store.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("import", "Import an lvs.cf or keepalived.conf into the store as a new configuration version (nothing is imported if it has any error)");
        var file = CliOptions.File("The lvs.cf or keepalived.conf to import");
        var data = CliOptions.Data();
        var format = ConfigFileInput.Format();
        var allowUnsupported = ConfigFileInput.AllowUnsupported();
        command.Arguments.Add(file);
        command.Options.Add(data);
        command.Options.Add(format);
        command.Options.Add(allowUnsupported);
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            var allow = result.GetValue(allowUnsupported);
            if (HeartbeatInput.Names(path, result.GetValue(format)!))
            {
                if (HeartbeatInput.Read(path, allow, "import", cli) is not { } read)
                {
                    return CliContext.Usage;
                }
                if (!read.Success)
                {
                    return CliContext.Invalid;
                }
                await using var heartbeatStore = await CliStore.OpenAsync(result.GetValue(data)!, ct);
                var version = await heartbeatStore.Config.ImportReadAsync(read, path, "Heartbeat", allow, basedOn: null, CliStore.Author, ct);
                cli.Out.WriteLine($"{path}: imported as version {version.Serial} ({version.Summary})");
                return CliContext.Ok;
            }
            if (CliOptions.ReadFile(path, "import", cli) is not { } text)
            {
                return CliContext.Usage;
            }
            await using var store = await CliStore.OpenAsync(result.GetValue(data)!, ct);
            try
            {
                if (ConfigFileInput.FormatOf(result.GetValue(format)!, text) == ConfigFileFormat.Keepalived)
                {
                    var (version, read) = await store.Config.ImportKeepalivedAsync(text, path, KeepalivedFileSystem.Instance, allow, basedOn: null, CliStore.Author, ct);
                    ConfigFileInput.WriteFindings(read, allow, cli);
                    cli.Out.WriteLine($"{path}: imported as version {version.Serial} ({version.Summary})");
                    return CliContext.Ok;
                }
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
