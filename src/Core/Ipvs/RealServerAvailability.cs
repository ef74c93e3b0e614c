namespace PiranhaNet.Core.Ipvs;

/// <summary>What is true now of a real server's place in the table, as its health checks see it.</summary>
/// <param name="InService">It belongs in the table (healthy, or ramping back up).</param>
/// <param name="Weight">While ramping, the weight it may have so far; null for its configured weight.</param>
public readonly record struct RealServerAvailability(bool InService, int? Weight = null)
{
    /// <summary>In service at its configured weight: what a server is before its first check, and without checks.</summary>
    public static RealServerAvailability AsConfigured => new(true);

    /// <summary>Out of service (down, or not back in yet).</summary>
    public static RealServerAvailability OutOfService => new(false);
}

/// <summary>
/// Where <see cref="DesiredTable"/> learns each real server's availability: the agent's runtime health state.
/// Implementations answer from memory, quickly and without blocking, from any thread.
/// </summary>
public interface IRealServerAvailability
{
    /// <summary>The availability of real server <paramref name="realServer"/> of virtual server <paramref name="virtualServer"/>.</summary>
    RealServerAvailability Of(string virtualServer, string realServer);
}
