namespace PiranhaNet.Web.Testing.Fleet;

/// <summary>How simulated directors behave; the defaults are piranhanet-agent's.</summary>
public sealed record SimulatedDirectorOptions
{
    /// <summary>How long a connect may take before the next controller is tried.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The pause after every controller has been tried in vain.</summary>
    public TimeSpan RetryPause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>WebSocket keep-alive pings, which also notice a dashboard that vanished without closing.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every this many seconds of a connection, one real server flaps (two events); 0 for never.</summary>
    public int EventEvery { get; init; } = 60;
}
