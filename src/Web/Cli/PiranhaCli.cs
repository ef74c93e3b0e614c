using System.CommandLine;
using System.CommandLine.Help;

namespace PiranhaNet.Web.Cli;

/// <summary>The <c>piranhanet</c> command line: serve (default), check, convert, import, export, passwd, user, token.</summary>
public static class PiranhaCli
{
    /// <summary>Runs the command line with the process's console.</summary>
    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, new CliContext(Console.Out, Console.Error) { In = Console.In, Interactive = !Console.IsInputRedirected });

    /// <summary>Runs the command line writing to <paramref name="cli"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext cli)
    {
        var parsed = Parse(args, cli);
        // ProcessTerminationTimeout = null leaves SIGTERM/Ctrl+C to the web host, which shuts down gracefully;
        // System.CommandLine's own handler raced the host's and crashed on shutdown.
        var configuration = new InvocationConfiguration { Output = cli.Out, Error = cli.Error, ProcessTerminationTimeout = null };
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var error in parsed.Errors)
            {
                cli.Error.WriteLine($"piranhanet: {error.Message}");
            }
            cli.Error.WriteLine("Run 'piranhanet --help' or 'piranhanet COMMAND --help' for usage.");
            return CliContext.Usage;
        }
        return await parsed.InvokeAsync(configuration);
    }

    /// <summary>The parse of <paramref name="args"/>, without running anything.</summary>
    internal static ParseResult Parse(string[] args, CliContext cli)
    {
        var root = new RootCommand("PiranhaNet: the load-balancer dashboard for Linux IPVS, and tools for Piranha's lvs.cf")
        {
            ServeCommand.Create(),
            CheckCommand.Create(cli),
            ConvertCommand.Create(cli),
            ImportCommand.Create(cli),
            ExportCommand.Create(cli),
            PasswdCommand.Create(cli),
            UserCommand.Create(cli),
            TokenCommand.Create(cli),
            StoreCommand.Create(cli),
        };
        root.Options.Add(CliOptions.Store);
        ServeCommand.AttachTo(root);
        return root.Parse(args);
    }
}
