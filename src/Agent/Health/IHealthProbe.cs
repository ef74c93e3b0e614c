using System.Net;

namespace PiranhaNet.Agent.Health;

/// <summary>One kind of check, run against one real server at a time. Implementations never throw for a server's failure.</summary>
internal interface IHealthProbe
{
    /// <summary>Checks <paramref name="target"/>; gives up (down, "timed out") after <paramref name="timeout"/>.</summary>
    Task<ProbeResult> ProbeAsync(IPEndPoint target, TimeSpan timeout, CancellationToken cancellationToken);
}
