using System.CommandLine;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;
using PiranhaNet.Core.Serialization;

namespace PiranhaNet.Web.Cli;

/// <summary><c>piranhanet convert FILE --to json|lvs.cf|keepalived [--format auto|lvs.cf|keepalived]</c>: prints the normalised configuration.</summary>
internal static class ConvertCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("convert", "Print an lvs.cf or keepalived.conf as normalised JSON (camelCase), lvs.cf or keepalived.conf; invalid files fail as with check");
        var file = CliOptions.File("The lvs.cf or keepalived.conf to convert");
        var format = ConfigFileInput.Format();
        var allowUnsupported = ConfigFileInput.AllowUnsupported();
        var to = new Option<string>("--to") { Description = "Output format", Required = true };
        to.AcceptOnlyFromAmong("json", "lvs.cf", "keepalived");
        command.Arguments.Add(file);
        command.Options.Add(to);
        command.Options.Add(format);
        command.Options.Add(allowUnsupported);
        command.SetAction(result =>
        {
            if (ConfigFileInput.Load(result.GetValue(file)!, result.GetValue(format)!, result.GetValue(allowUnsupported), "convert", cli) is not { } loaded)
            {
                return CliContext.Usage;
            }
            if (loaded.Config is not { } config)
            {
                return CliContext.Invalid;
            }
            cli.Out.Write(result.GetValue(to) switch
            {
                "json" => PiranhaJson.Serialize(config, indented: true) + "\n",
                "keepalived" => Core.Keepalived.KeepalivedConfigWriter.Write(config).Text,
                _ => LvsConfigWriter.Write(config),
            });
            return CliContext.Ok;
        });
        return command;
    }
}
