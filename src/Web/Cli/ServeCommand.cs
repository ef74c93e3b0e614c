using System.CommandLine;
using PiranhaNet.Web.Hosting;

namespace PiranhaNet.Web.Cli;

/// <summary><c>piranhanet serve [--urls URL] [--data DIR]</c> (also what <c>piranhanet</c> alone does).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the dashboard and its HTTP API");
        AddServing(command);
        return command;
    }

    /// <summary>Adds the serve options to the root command so <c>piranhanet --urls ...</c> serves too.</summary>
    public static void AttachTo(RootCommand root) => AddServing(root);

    // The options and the action are the same whether "serve" is named or implied.
    private static void AddServing(Command command)
    {
        var urls = CliOptions.Urls();
        var data = CliOptions.Data();
        var noLocalAgent = NoLocalAgent();
        command.Options.Add(urls);
        command.Options.Add(data);
        command.Options.Add(noLocalAgent);
        command.SetAction(async (result, _) =>
        {
            await DashboardApp.RunAsync(Options(result, urls, data, noLocalAgent));
            return CliContext.Ok;
        });
    }

    private static Option<bool> NoLocalAgent() =>
        new("--no-local-agent") { Description = "Do not run the embedded agent (director \"local\") inside the dashboard" };

    private static WebOptions Options(ParseResult result, Option<string> urls, Option<string> data, Option<bool> noLocalAgent) =>
        new() { Urls = result.GetValue(urls)!, DataDirectory = result.GetValue(data)!, LocalAgent = !result.GetValue(noLocalAgent) };
}
