namespace PiranhaNet.Agent.Health;

/// <summary>What one check of one real server found.</summary>
/// <param name="Healthy">The server answered as the check expects.</param>
/// <param name="Detail">Why not, in an operator's words ("connection refused", "HTTP 503", "expected '220', got '500 busy'"); or what was seen when healthy.</param>
/// <param name="Weight">A weight the check itself set (a program check with dynamic weights), or null for the configured one.</param>
internal sealed record ProbeResult(bool Healthy, string Detail, int? Weight = null)
{
    /// <summary>Healthy, with what was seen.</summary>
    public static ProbeResult Up(string detail = "ok") => new(true, detail);

    /// <summary>Healthy at a weight the check set.</summary>
    public static ProbeResult UpAt(int weight, string detail) => new(true, detail, weight);

    /// <summary>Not healthy, and why.</summary>
    public static ProbeResult Down(string reason) => new(false, reason);

    /// <summary>A result for a failed socket operation, in the words an operator expects.</summary>
    public static ProbeResult Down(System.Net.Sockets.SocketException e) => Down(e.SocketErrorCode switch
    {
        System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
        System.Net.Sockets.SocketError.ConnectionReset => "connection reset",
        System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable => "unreachable",
        var other => other.ToString(),
    });

    /// <summary>A check that did not finish within its timeout.</summary>
    public static ProbeResult TimedOut(TimeSpan timeout) => Down($"timed out after {timeout.TotalMilliseconds:0} ms");
}
