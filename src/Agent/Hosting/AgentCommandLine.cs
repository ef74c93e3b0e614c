using System.CommandLine;
using System.CommandLine.Help;
using Microsoft.Extensions.Options;
using PiranhaNet.Agent.Dataplane;

namespace PiranhaNet.Agent.Hosting;

/// <summary>
/// <c>piranhanet-agent --controller URL[,URL...] (--token TOKEN | --token-file FILE) [--name NAME] [--state-dir DIR]
/// [--dataplane auto|ipvs|nftables|userspace] [--masquerade] [--notify-up CMD] [--notify-down CMD] [--reconcile-interval SECONDS]</c>.
/// Exit codes: 0 after a clean stop, 2 for a usage error or a dataplane that cannot be had, 1 for anything else.
/// </summary>
internal static class AgentCommandLine
{
    /// <summary>A usage error.</summary>
    public const int Usage = 2;

    /// <summary>Parses <paramref name="args"/> and runs the agent until it is stopped (SIGTERM, Ctrl+C).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Parse(args, out var read);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"piranhanet-agent: {problem.Message}");
            }
            await error.WriteLineAsync("Run 'piranhanet-agent --help' for usage.");
            return Usage;
        }
        if (parsed.Action is HelpAction)
        {
            // ProcessTerminationTimeout = null leaves SIGTERM to the host, which stops gracefully.
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        }
        var options = read();
        // On a one-CPU director the thread pool starts with one thread: a burst of work at start (the restore's netlink
        // calls, compiling the code) would hold up the heartbeats queued behind it until the peer counted this director
        // dead. Seen as a split brain at start inside the emulated test VM.
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), completions);
        try
        {
            using var host = AgentHost.CreateBuilder(options).Build();
            await host.RunAsync();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                await error.WriteLineAsync($"piranhanet-agent: {failure}");
            }
            return Usage;
        }
        catch (DataplaneException e)
        {
            await error.WriteLineAsync($"piranhanet-agent: {e.Message}");
            return Usage;
        }
    }

    /// <summary>
    /// The parse of <paramref name="args"/>, and (when it has no errors) a way to read the options from it. Values are
    /// checked by <see cref="AgentOptionsValidator"/> when the host starts; the parser checks only their types.
    /// </summary>
    public static ParseResult Parse(string[] args, out Func<AgentOptions> read)
    {
        var controller = new Option<string[]>("--controller")
        {
            Description = "The dashboard's URL (http:// or https://); several, repeated or separated by commas: the agent keeps to one and goes to the next when it goes away",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var token = new Option<string>("--token") { Description = "The enrolment token from the dashboard's Directors page" };
        var tokenFile = new Option<string>("--token-file") { Description = "A file holding the token (keeps it off the process list)" };
        var name = new Option<string>("--name") { Description = "This director's name", DefaultValueFactory = _ => Environment.MachineName };
        var stateDirectory = new Option<string>("--state-dir")
        {
            Description = "Where the last applied configuration and the heartbeat key are kept",
            DefaultValueFactory = _ => new AgentOptions().StateDirectory,
        };
        var dataplane = DataplaneOption.Create("--dataplane", "auto (ipvs when usable, else nftables when usable, else userspace), ipvs, nftables or userspace");
        var masquerade = new Option<bool>("--masquerade")
        {
            Description = "nftables dataplane: masquerade connections to the real servers (one-armed directors, real servers not routing back through them)",
        };
        var notifyUp = new Option<string>("--notify-up") { Description = "Run when a real server comes up: 'CMD %v %r %s' (no shell)" };
        var notifyDown = new Option<string>("--notify-down") { Description = "Run when a real server goes down: 'CMD %v %r %s' (no shell)" };
        var reconcile = new Option<double>("--reconcile-interval")
        {
            Description = "Seconds between comparisons of the whole table with the version in force (0: never)",
            DefaultValueFactory = _ => new AgentOptions().ReconcileInterval.TotalSeconds,
        };
        var keepAlive = new Option<double>("--keep-alive")
        {
            Description = "Seconds between pings to the dashboard, and how long an answer may take before the agent moves to the next controller",
            DefaultValueFactory = _ => new AgentOptions().KeepAlive.TotalSeconds,
        };
        var root = new RootCommand("PiranhaNet's director agent: programs the dataplane, checks real servers, heartbeats with its peer, reports to the dashboard")
        {
            controller, token, tokenFile, name, stateDirectory, dataplane, masquerade, notifyUp, notifyDown, reconcile, keepAlive,
        };
        root.Validators.Add(result =>
        {
            if ((result.GetResult(token) is null) == (result.GetResult(tokenFile) is null))
            {
                result.AddError("give the enrolment token with either --token or --token-file");
            }
        });
        var parsed = root.Parse(args);
        read = () => new AgentOptions
        {
            Controllers = [.. parsed.GetValue(controller)!.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(text => Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : new Uri(text, UriKind.Relative))],
            Token = parsed.GetValue(token) ?? ReadToken(parsed.GetValue(tokenFile)!),
            Name = parsed.GetValue(name)!,
            StateDirectory = parsed.GetValue(stateDirectory)!,
            Dataplane = parsed.GetValue(dataplane),
            Masquerade = parsed.GetValue(masquerade),
            NotifyUp = parsed.GetValue(notifyUp),
            NotifyDown = parsed.GetValue(notifyDown),
            ReconcileInterval = TimeSpan.FromSeconds(parsed.GetValue(reconcile)),
            KeepAlive = TimeSpan.FromSeconds(parsed.GetValue(keepAlive)),
        };
        return parsed;
    }

    // A token file that cannot be read leaves the token empty, which the validator names.
    private static string ReadToken(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
