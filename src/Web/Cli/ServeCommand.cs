using System.CommandLine;
using PiranhaNet.Agent.Hosting;
using PiranhaNet.Web.Hosting;

namespace PiranhaNet.Web.Cli;

/// <summary>
/// <c>piranhanet serve [--urls URL] [--data DIR] [--no-local-agent] [--local-dataplane auto|ipvs|nftables|userspace]
/// [--metrics-allow CIDR]... [--event-days N]</c> (also what <c>piranhanet</c> alone does).
/// </summary>
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
        var localDataplane = LocalDataplane();
        var metricsAllow = MetricsAllow();
        var eventDays = EventDays();
        command.Options.Add(urls);
        command.Options.Add(data);
        command.Options.Add(noLocalAgent);
        command.Options.Add(localDataplane);
        command.Options.Add(metricsAllow);
        command.Options.Add(eventDays);
        command.SetAction(async (result, _) =>
        {
            var options = Options(result, urls, data, noLocalAgent) with
            {
                EventRetentionDays = result.GetValue(eventDays),
                LocalDataplane = result.GetValue(localDataplane),
                MetricsAllow = result.GetValue(metricsAllow) ?? new WebOptions().MetricsAllow,
            };
            await DashboardApp.RunAsync(options);
            return CliContext.Ok;
        });
    }

    private static Option<int> EventDays()
    {
        var option = new Option<int>("--event-days") { Description = $"Days to keep real-server events (default {WebOptions.DefaultEventRetentionDays})",
            DefaultValueFactory = _ => WebOptions.DefaultEventRetentionDays };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3650)
            {
                result.AddError("--event-days must be 1..3650");
            }
        });
        return option;
    }

    private static Option<DataplaneChoice> LocalDataplane() => DataplaneOption.Create("--local-dataplane",
        "The local agent's dataplane: auto (ipvs, else nftables, else userspace, whichever this machine has), ipvs, nftables or userspace");

    // Repeatable: each a network (CIDR) or an address whose scrapers read /metrics without signing in.
    private static Option<IReadOnlyList<System.Net.IPNetwork>?> MetricsAllow() => new("--metrics-allow")
    {
        Description = "A network (CIDR) or address Prometheus may scrape /metrics from without signing in; repeatable (default: this host's loopback)",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result =>
        {
            var networks = new List<System.Net.IPNetwork>();
            foreach (var token in result.Tokens.Select(t => t.Value))
            {
                if (System.Net.IPNetwork.TryParse(token, out var network))
                {
                    networks.Add(network);
                }
                else if (System.Net.IPAddress.TryParse(token, out var address))
                {
                    networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
                }
                else
                {
                    result.AddError($"--metrics-allow takes a network such as 192.0.2.0/24 or an address, not '{token}'");
                }
            }
            return networks;
        },
    };

    private static Option<bool> NoLocalAgent() =>
        new("--no-local-agent") { Description = "Do not run the embedded agent (director \"local\") inside the dashboard" };

    private static WebOptions Options(ParseResult result, Option<string> urls, Option<string> data, Option<bool> noLocalAgent) =>
        CliOptions.StoreOf(result, data) with { Urls = result.GetValue(urls)!, LocalAgent = !result.GetValue(noLocalAgent) };
}
