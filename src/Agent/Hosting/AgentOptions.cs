namespace PiranhaNet.Agent.Hosting;

/// <summary>
/// The agent's settings, from its command line (<see cref="AgentCommandLine"/>) or, for the dashboard's embedded
/// agent, from the dashboard; bound as <c>IOptions&lt;AgentOptions&gt;</c> and checked at start (<see cref="AgentOptionsValidator"/>).
/// </summary>
public sealed class AgentOptions
{
    /// <summary>
    /// The dashboards' base URLs (http or https), in order; with several, the agent keeps to one and goes to the next
    /// when it goes away.
    /// </summary>
    public IReadOnlyList<Uri> Controllers { get; set; } = [];

    /// <summary>The first dashboard; setting it makes it the only one (the dashboard's embedded agent).</summary>
    public Uri? Controller
    {
        get => Controllers.Count > 0 ? Controllers[0] : null;
        set => Controllers = value is null ? [] : [value];
    }

    /// <summary>The enrolment token shown by the dashboard's Directors page. Never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>This director's name; the host name by default.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>Where the last applied configuration and the heartbeat key are kept.</summary>
    public string StateDirectory { get; set; } = "/var/lib/piranhanet-agent";

    /// <summary>Which dataplane to program.</summary>
    public DataplaneChoice Dataplane { get; set; } = DataplaneChoice.Auto;

    /// <summary>
    /// Masquerade the services' connections on their way to the real servers (nftables dataplane): for one-armed
    /// directors, whose real servers do not send their replies back through the director.
    /// </summary>
    public bool Masquerade { get; set; }

    /// <summary>Run (without a shell) when a real server comes up; %v, %r and %s are the virtual server, real server and reason.</summary>
    public string? NotifyUp { get; set; }

    /// <summary>Run (without a shell) when a real server goes down; same placeholders as <see cref="NotifyUp"/>.</summary>
    public string? NotifyDown { get; set; }

    /// <summary>
    /// How often the whole table is compared with what it should be, repairing changes made behind the agent's back;
    /// zero turns that off. 30 s: reading a table of thousands of services takes a fraction of a second, and an
    /// operator's hand edit is undone well within a minute.
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the agent pings its dashboard, and how long it waits for the answer before it gives the connection up
    /// and moves to the next controller: a dashboard whose host vanished without closing the connection (power, network)
    /// is left within twice this. 5 s: within ten seconds, and a dashboard busy for that long is as good as gone.
    /// </summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(5);
}
