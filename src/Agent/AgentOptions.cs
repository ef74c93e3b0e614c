namespace PiranhaNet.Agent;

/// <summary>
/// The agent's command line: <c>piranhanet-agent --controller URL --token TOKEN [--name NAME]
/// [--state-dir DIR] [--dataplane auto|ipvs|userspace] [--notify-up CMD] [--notify-down CMD]</c>.
/// </summary>
public sealed record AgentOptions
{
    /// <summary>The dashboard's base URL (http or https).</summary>
    public required Uri Controller { get; init; }

    /// <summary>The enrolment token shown by the dashboard's Directors page.</summary>
    public required string Token { get; init; }

    /// <summary>This director's name; the host name by default.</summary>
    public string Name { get; init; } = Environment.MachineName;

    /// <summary>Where the last applied configuration is kept.</summary>
    public string StateDirectory { get; init; } = "/var/lib/piranhanet-agent";

    /// <summary>Which dataplane to program.</summary>
    public DataplaneChoice Dataplane { get; init; } = DataplaneChoice.Auto;

    /// <summary>Run (without a shell) when a real server comes up; %v, %r and %s are the virtual server, real server and reason.</summary>
    public string? NotifyUp { get; init; }

    /// <summary>Run (without a shell) when a real server goes down; same placeholders as <see cref="NotifyUp"/>.</summary>
    public string? NotifyDown { get; init; }

    /// <summary>The usage text.</summary>
    public const string Usage = "usage: piranhanet-agent --controller URL --token TOKEN [--name NAME] [--state-dir DIR] [--dataplane auto|ipvs|userspace]" +
        " [--notify-up 'CMD %v %r %s'] [--notify-down 'CMD %v %r %s']";

    /// <summary>Parses the arguments; on failure <paramref name="error"/> names the offending flag or value.</summary>
    public static AgentOptions? Parse(IReadOnlyList<string> args, out string error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (flag is not ("--controller" or "--token" or "--name" or "--state-dir" or "--dataplane" or "--notify-up" or "--notify-down"))
            {
                error = $"unknown argument '{flag}'";
                return null;
            }
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"{flag} needs a value";
                return null;
            }
            values[flag] = args[++i];
        }
        error = values.ContainsKey("--controller") ? values.ContainsKey("--token") ? "" : "--token is required" : "--controller is required";
        if (error.Length > 0)
        {
            return null;
        }
        if (!Uri.TryCreate(values["--controller"], UriKind.Absolute, out var controller) || controller.Scheme is not ("http" or "https"))
        {
            error = $"--controller must be an http:// or https:// URL, not '{values["--controller"]}'";
            return null;
        }
        var dataplane = DataplaneChoice.Auto;
        if (values.TryGetValue("--dataplane", out var choice) && !Enum.TryParse(choice, ignoreCase: true, out dataplane))
        {
            error = $"--dataplane must be auto, ipvs or userspace, not '{choice}'";
            return null;
        }
        return new AgentOptions
        {
            Controller = controller,
            Token = values["--token"],
            Name = values.GetValueOrDefault("--name") ?? Environment.MachineName,
            StateDirectory = values.GetValueOrDefault("--state-dir") ?? "/var/lib/piranhanet-agent",
            Dataplane = dataplane,
            NotifyUp = values.GetValueOrDefault("--notify-up"),
            NotifyDown = values.GetValueOrDefault("--notify-down"),
        };
    }
}
