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
            if (ConfigFileInput.Load(path, result.GetValue(format)!, allow, "import", cli) is not { } loaded)
            {
                return CliContext.Usage;
            }
            if (loaded.Config is not { } config)
            {
                return CliContext.Invalid;
            }
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            var saved = loaded.Foreign is { } foreign
                ? await store.Config.ImportReadAsync(foreign, path, loaded.Kind, allow, basedOn: null, CliStore.Author, ct)
                : await store.Config.ImportConfigAsync(config, path, basedOn: null, CliStore.Author, ct);
            await store.RecordAsync(Security.AuditActions.Import, path, null, $"version {saved.Serial}", ct);
            cli.Out.WriteLine($"{path}: imported as version {saved.Serial} ({saved.Summary})");
            return CliContext.Ok;
        });
        return command;
    }
}
