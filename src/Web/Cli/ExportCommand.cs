using System.CommandLine;

namespace PiranhaNet.Web.Cli;

/// <summary><c>piranhanet export [--data DIR] [-o FILE] [--format lvs.cf|keepalived]</c>: writes the latest version.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("export", "Write the latest configuration as lvs.cf (or keepalived.conf) to standard output or a file");
        var data = CliOptions.Data();
        var output = new Option<string?>("--output", "-o") { Description = "File to write instead of standard output" };
        var format = new Option<string>("--format") { Description = "lvs.cf, or keepalived (what it cannot say is listed at its top)", DefaultValueFactory = _ => ConfigFileInput.LvsCf };
        format.AcceptOnlyFromAmong(ConfigFileInput.LvsCf, ConfigFileInput.Keepalived);
        command.Options.Add(data);
        command.Options.Add(output);
        command.Options.Add(format);
        command.SetAction(async (result, ct) =>
        {
            await using var store = await CliStore.OpenAsync(CliOptions.StoreOf(result, data), ct);
            var (text, serial) = result.GetValue(format) == ConfigFileInput.Keepalived
                ? await store.Config.ExportKeepalivedAsync(ct)
                : await store.Config.ExportAsync(ct);
            if (result.GetValue(output) is { } path)
            {
                try
                {
                    await File.WriteAllTextAsync(path, text, ct);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    cli.Error.WriteLine($"piranhanet export: cannot write '{path}': {e.Message}");
                    return CliContext.Usage;
                }
                cli.Error.WriteLine($"wrote version {serial} to {path}");
            }
            else
            {
                cli.Out.Write(text);
            }
            return CliContext.Ok;
        });
        return command;
    }
}
